// an enum: TypeScript that needs code, not just erased types
export enum Role {
  User = 'user',
  Ai = 'ai',
}
