import type { PGlite } from '@electric-sql/pglite';
import { NodeFS } from '@electric-sql/pglite/nodefs';

type PostgresModule = Parameters<NodeFS['init']>[1];

/** The two calls of Emscripten's NODEFS that give a file or folder its mode. */
interface ModeSettingOperations {
  node_ops: {
    mknod(parent: unknown, name: string, mode: number, dev: number): unknown;
    setattr(node: unknown, attributes: { mode?: number }): void;
  };
  stream_ops: { setattr?(stream: unknown, attributes: { mode?: number }): void };
}

const GROUP_AND_OTHERS = 0o077;

/**
 * PGlite's directory on disk with every file and folder readable by its owner only (SPEC §9).
 * PGlite's Emscripten file system creates files and then chmods them to the mode PostgreSQL asked
 * for without applying any umask (neither PostgreSQL's 0077 nor the process's): 0666 for most of
 * them. This keeps the mode's owner bits and drops the group and other bits, as PostgreSQL itself
 * would on a real disk.
 */
export class OwnerOnlyNodeFS extends NodeFS {
  override async init(pg: PGlite, options: Partial<PostgresModule>) {
    const result = await super.init(pg, options);
    const preRun = result.emscriptenOpts.preRun ?? [];
    return {
      emscriptenOpts: {
        ...result.emscriptenOpts,
        preRun: [
          (module: PostgresModule) => restrictModes(module.NODEFS as ModeSettingOperations),
          ...preRun,
        ],
      },
    };
  }
}

function restrictModes(nodefs: ModeSettingOperations): void {
  const { node_ops: nodeOperations, stream_ops: streamOperations } = nodefs;
  const mknod = nodeOperations.mknod;
  nodeOperations.mknod = (parent, name, mode, dev) => mknod(parent, name, mode & ~GROUP_AND_OTHERS, dev);
  const setNodeAttributes = nodeOperations.setattr;
  nodeOperations.setattr = (node, attributes) => setNodeAttributes(node, ownerOnly(attributes));
  const setStreamAttributes = streamOperations.setattr;
  if (setStreamAttributes) {
    streamOperations.setattr = (stream, attributes) => setStreamAttributes(stream, ownerOnly(attributes));
  }
}

function ownerOnly<T extends { mode?: number }>(attributes: T): T {
  return attributes.mode == null ? attributes : { ...attributes, mode: attributes.mode & ~GROUP_AND_OTHERS };
}
