// Prisma's WebAssembly query compilers for each engine (loaded by the generated clients); only the part
// the plan cache wraps is declared (app/lib/query-plan-cache.server.ts).
declare module "@prisma/client/runtime/query_compiler_bg.sqlite.mjs" {
  export const QueryCompiler: { prototype: { compile(request: string): unknown } };
}
declare module "@prisma/client/runtime/query_compiler_bg.postgresql.mjs" {
  export const QueryCompiler: { prototype: { compile(request: string): unknown } };
}
