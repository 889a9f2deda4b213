/** Replays the seed's curl transcripts against this example over TLS. */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { replayBasicTranscripts } from '../../../test-support/basic-transcript.js';
import { Foo } from '../src/service.js';

const example = replayBasicTranscripts(new Foo(), fileURLToPath(new URL('../Config.toml', import.meta.url)));

describe('a resource annotation secures only its resource', () => {
  it('the service without auth keeps its other resources public', async () => {
    const res = await example().get('/foo/baz');
    expect(res.status).toBe(200);
    expect(res.body).toBe('public');
  });
});
