import pair, { joined } from './esm';
export const made = pair('x', joined);
