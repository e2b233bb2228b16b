// Runs collectReviews in its own process so test/collect/collect.test.ts can SIGKILL it mid-way.
// Usage: node --import tsx collect-child.ts '<options as JSON>'
import { collectReviews, type CollectReviewsOptions } from '../../src/collect/index.ts';

const options = JSON.parse(process.argv[2]!) as CollectReviewsOptions;
await collectReviews({ ...options, verbose: 0, onProgress: (p) => process.stdout.write(`page ${p.page} written\n`) });
process.stdout.write('done\n');
