/** Replays the seed's curl transcripts against this example over TLS. */
import { fileURLToPath } from 'node:url';
import { replayBasicTranscripts } from '../../../test-support/basic-transcript.js';
import { Foo } from '../src/service.js';

replayBasicTranscripts(new Foo(), fileURLToPath(new URL('../Config.toml', import.meta.url)));
