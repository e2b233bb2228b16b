// Attention layers: factories and registry lines.

import { registerLayer } from '../../io/registry.ts';
import { AdditiveAttention, Attention, type AdditiveAttentionArgs, type AttentionArgs } from './attention.ts';

export { AdditiveAttention, Attention, type AdditiveAttentionArgs, type AttentionArgs };
export { additiveAttention, attention } from './attention.ts';

registerLayer('Attention', (c) => new Attention(c as AttentionArgs));
registerLayer('AdditiveAttention', (c) => new AdditiveAttention(c as AdditiveAttentionArgs));
