import { beforeAll, describe, expect, it } from 'vitest';
import { useWorld } from '../helpers/world.ts';

type Schema = { $ref?: string; example?: unknown; examples?: unknown };
type Operation = {
  summary?: string;
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, { content?: Record<string, { schema: Schema }> }>;
};

// SPEC §7: the OpenAPI document covers every route of the API, each with examples.
describe('the OpenAPI document', () => {
  const world = useWorld({ app: true });
  let document: {
    paths: Record<string, Record<string, Operation>>;
    components: { schemas: Record<string, Schema> };
  };

  beforeAll(async () => {
    document = (await world.app.inject({ method: 'GET', url: '/docs/json' })).json();
  });

  const resolve = (schema: Schema): Schema => {
    const name = schema.$ref?.split('/').at(-1);
    return name ? (document.components.schemas[name] ?? {}) : schema;
  };
  const hasExample = (schema: Schema) => {
    const resolved = resolve(schema);
    return resolved.example !== undefined || resolved.examples !== undefined;
  };

  it('lists every route of SPEC §7', () => {
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/channels/{login}',
        '/api/v1/channels/{login}/settings',
        '/api/v1/channels/{login}/chatters',
        '/api/v1/channels/{login}/items',
        '/api/v1/channels/{login}/items/{id}',
        '/api/v1/channels/{login}/raffles',
        '/api/v1/raffles/{id}/reroll',
        '/api/v1/raffles/{id}/proof',
        '/api/v1/channels/{login}/session',
        '/api/v1/discord/{guildId}',
        '/api/v1/channels/{login}/items/{id}/codes',
        '/api/v1/channels/{login}/prizes-given',
        '/api/v1/discord/{guildId}/users/{userId}/link',
      ]),
    );
  });

  it('gives every operation a summary and an example of each JSON body it takes or returns', () => {
    const missing: string[] = [];
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const name = `${method.toUpperCase()} ${path}`;
        if (!operation.summary) missing.push(`${name}: summary`);
        const body = operation.requestBody?.content['application/json'];
        if (body && !hasExample(body.schema)) missing.push(`${name}: request example`);
        for (const [status, response] of Object.entries(operation.responses)) {
          const json = response.content?.['application/json'];
          if (status.startsWith('2') && status !== '204' && json && !hasExample(json.schema))
            missing.push(`${name} ${status}: example`);
        }
      }
    }
    expect(missing).toEqual([]);
  });
});
