import { writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { ApiFailure } from '../api-client';
import { fields } from '../output';
import { UsageError } from '../usage-error';
import { action, client, CommandContext, parse, print } from './context';

export interface DocumentMeta {
  id: string;
  kind: string;
  subjectType: string;
  subjectId: string;
  version: number;
  fileName: string;
  mediaType: string;
  sha256: string;
  sizeBytes: number;
  contentUrl: string;
}

const size = (bytes: number) => `${bytes.toLocaleString('de-DE')} Bytes`;

/** `documents generate council-paper <paperId>` and `documents download <documentId> --out file` */
export async function documents(ctx: CommandContext): Promise<void> {
  const { name, rest } = action('documents', ctx.argv, ['generate', 'download']);
  if (name === 'generate') {
    const { values, positionals } = parse('documents generate', rest, {}, ['<kind> (council-paper)', '<paperId>']);
    if (positionals[0] !== 'council-paper') throw new UsageError(`documents generate: unknown kind "${positionals[0]}" (council-paper)`);
    const doc = await client(ctx, values).post<DocumentMeta>(`/api/v1/council-papers/${encodeURIComponent(positionals[1]!)}/documents`);
    print(ctx, values, doc, () =>
      fields([
        ['Dokument', doc.id],
        ['Datei', doc.fileName],
        ['Version', String(doc.version)],
        ['Größe', size(doc.sizeBytes)],
        ['SHA-256', doc.sha256],
      ]),
    );
    return;
  }
  const { values, positionals } = parse('documents download', rest, { out: { type: 'string' } }, ['<documentId>']);
  if (!values.out) throw new UsageError('documents download: --out <file> is required');
  const file = await client(ctx, values).download(`/api/v1/documents/${encodeURIComponent(positionals[0]!)}/content`);
  if (!file.etag) throw new ApiFailure('the download has no ETag to check its SHA-256 against; nothing written');
  if (file.etag.toLowerCase() !== file.sha256) {
    throw new ApiFailure(`the download is damaged: SHA-256 ${file.sha256} but ETag ${file.etag}; nothing written`);
  }
  const target = path.resolve(values.out);
  try {
    await writeFile(target, file.bytes);
  } catch (error) {
    throw new UsageError(`cannot write ${values.out}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const result = { documentId: positionals[0], file: target, fileName: file.fileName, mediaType: file.mediaType, sizeBytes: file.bytes.length, sha256: file.sha256 };
  print(ctx, values, result, () => [`${target}: ${size(file.bytes.length)}, SHA-256 ${file.sha256} (geprüft)`]);
}
