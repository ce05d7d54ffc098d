const p='/work/main/dist-bench/libs/documents/src/';
const { buildDisbursementRequestPdf } = require(p+'funding');
const { peineDisbursementRequest } = require(p+'funding/fixtures/disbursement-request');
(async () => {
  const n = Number(process.argv[2] || 200);
  for (let i = 0; i < 20; i++) await buildDisbursementRequestPdf(peineDisbursementRequest(1 + (i % 10)));
  const t0 = performance.now(); const c0 = process.cpuUsage(); let bytes = 0;
  for (let i = 0; i < n; i++) bytes += (await buildDisbursementRequestPdf(peineDisbursementRequest(1 + (i % 10)))).length;
  const c = process.cpuUsage(c0);
  console.log(n, 'docs', ((performance.now() - t0) / n).toFixed(2), 'ms wall/doc', ((c.user + c.system) / 1000 / n).toFixed(2), 'ms cpu/doc', (bytes / n / 1024).toFixed(1), 'KB/doc');
})();
