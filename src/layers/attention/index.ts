// Attention layers: factories (registration for loading: ../builtin.ts).

import { AdditiveAttention, Attention, type AdditiveAttentionArgs, type AttentionArgs } from './attention.ts';

export { AdditiveAttention, Attention, type AdditiveAttentionArgs, type AttentionArgs };
export { additiveAttention, attention } from './attention.ts';
