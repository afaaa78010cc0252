import { readFile } from "node:fs/promises";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import pg from "pg";
import * as engineBindings from "@prisma/schema-engine-wasm/schema_engine_bg";
import type { SchemaEngine } from "@prisma/schema-engine-wasm";
import { packageFile } from "../paths.js";
import type { Database } from "./database.js";

/**
 * Prisma's own schema engine, in its WebAssembly build. The Prisma CLI downloads a native engine,
 * which this offline machine cannot; the Wasm build ships in an npm package and talks to the
 * database through the same driver adapter as Prisma Client.
 *
 * The package is built for bundlers (it imports the .wasm file as a module), so it is
 * instantiated here by hand, once per process.
 */
let engineModuleReady: Promise<void> | undefined;

function loadEngineModule(): Promise<void> {
  engineModuleReady ??= (async () => {
    const bytes = await readFile(packageFile("@prisma/schema-engine-wasm/schema_engine_bg", "schema_engine_bg.wasm"));
    const module = new WebAssembly.Module(bytes);
    const instance = new WebAssembly.Instance(module, { "./schema_engine_bg.js": { ...engineBindings } });
    engineBindings.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
  })();
  return engineModuleReady;
}

export interface SchemaFile {
  path: string;
  content: string;
}

/** Runs `work` with a schema engine connected to `database`, and always frees the engine. */
export async function withSchemaEngine<T>(
  database: Database,
  schema: SchemaFile,
  work: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  await loadEngineModule();
  // Our own pool, ended here: freeing the engine leaves its connection open until the pool's
  // idle timeout, which would keep a short command alive for seconds after its work is done.
  const pool = new pg.Pool({ connectionString: database.connectionString, max: 1 });
  const adapterFactory = bindMigrationAwareSqlAdapterFactory(new PrismaPg(pool));
  try {
    const engine = await engineBindings.SchemaEngine.new({ datamodels: [[schema.path, schema.content]] }, () => {}, adapterFactory);
    try {
      return await work(engine);
    } finally {
      engine.free();
    }
  } finally {
    await pool.end();
  }
}
