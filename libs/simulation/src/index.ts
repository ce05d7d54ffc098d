/**
 * @app/simulation — a programme's whole period on the Temporal time-skipping test server.
 *
 *   const scenario = await readScenarioFile('scenarios/peine.yaml');
 *   const result = await runScenario(scenario, { createActivities, anchor: '2030-01-01' });
 *   await writeOutputs(result, scenario, 'out/peine', { peakRssMb: peakRssMb() });
 *   await result.close();
 */
export * from './scenario';
export { withAssumedTariffIncreases, type AssumedRowsResult } from './reference-data';
export { planSteps, disbursementPlan, reportingDeadlines, type PlannedStep, type Step } from './plan';
export { prepareScenario, periodOf, positionInput, SIMULATION_ACTOR, type PreparedApplication, type PreparedScenario } from './setup';
export { runScenario, testServerFor, type RunOptions, type RunStats, type SimulationResult, type ApplicationOutcome, type TimelineEvent, type ActivitiesFactory } from './runner';
export { timelineCsv, withRunningTotals, euroCell, TIMELINE_HEADER, type TimelineRow } from './timeline';
export { moneyOverTimePng, CHART_SIZE } from './chart';
export { writeOutputs, summarize, peakRssMb, DOCUMENTS_DIR, type WrittenOutput, type SimulationSummary, type DocumentEntry, type FailedDocument } from './output';
export { generateScenario, type GeneratorOptions } from './generate';
export { type ThreadActivities } from './document-thread';
export { storedDocuments, writeReceipts, writeDisbursementRequest, produceDocument, type DocumentOutcome, type StoredDocumentFile } from './documents';
