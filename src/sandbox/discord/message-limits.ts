// Discord's message limits, which discord.js builders do not all check (reference §7.4): a bot that
// forgets to chunk a chatter list must get the same 400 here as from Discord.
// https://discord.com/developers/docs/resources/message#embed-object-embed-limits
// https://discord.com/developers/docs/components/reference
import { DiscordHttpError } from './http-io.ts';
import type { DiscordJson } from './payloads.external.ts';

const IS_COMPONENTS_V2 = 1 << 15;
const LINK_STYLE = 5;
const PREMIUM_STYLE = 6;

type Problem = { path: (string | number)[]; code: string; message: string };

/** Throws Discord's 400 when a message body breaks a limit, or is empty where content is required. */
export function checkMessageBody(
  body: DiscordJson,
  options: { requireContent: boolean; files: number },
): void {
  const problems = [...contentProblems(body), ...embedProblems(body), ...componentProblems(body)];
  if (problems.length > 0) throw invalidFormBody(problems);
  const empty =
    !body?.content &&
    !body?.embeds?.length &&
    !body?.components?.length &&
    !body?.poll &&
    options.files === 0;
  if (options.requireContent && empty) throw new DiscordHttpError(400, 50006, 'Cannot send an empty message');
}

function contentProblems(body: DiscordJson): Problem[] {
  const length = typeof body?.content === 'string' ? body.content.length : 0;
  return length > 2000 ? [tooLong(['content'], 2000)] : [];
}

function embedProblems(body: DiscordJson): Problem[] {
  const embeds: DiscordJson[] = Array.isArray(body?.embeds) ? body.embeds : [];
  const problems: Problem[] = [];
  if (embeds.length > 10)
    problems.push({
      path: ['embeds'],
      code: 'BASE_TYPE_MAX_LENGTH',
      message: 'Must be 10 or fewer in length.',
    });
  let total = 0;
  embeds.forEach((embed, index) => {
    const texts: [string[], unknown, number][] = [
      [['title'], embed.title, 256],
      [['description'], embed.description, 4096],
      [['footer', 'text'], embed.footer?.text, 2048],
      [['author', 'name'], embed.author?.name, 256],
    ];
    const fields: DiscordJson[] = embed.fields ?? [];
    if (fields.length > 25)
      problems.push({
        path: ['embeds', index, 'fields'],
        code: 'BASE_TYPE_MAX_LENGTH',
        message: 'Must be 25 or fewer in length.',
      });
    fields.forEach((field, fieldIndex) => {
      texts.push([['fields', String(fieldIndex), 'name'], field.name, 256]);
      texts.push([['fields', String(fieldIndex), 'value'], field.value, 1024]);
      if (!field.name || !field.value)
        problems.push({
          path: ['embeds', index, 'fields', fieldIndex],
          code: 'BASE_TYPE_REQUIRED',
          message: 'This field is required',
        });
    });
    for (const [path, text, limit] of texts) {
      const length = typeof text === 'string' ? text.length : 0;
      total += length;
      if (length > limit) problems.push(tooLong(['embeds', index, ...path], limit));
    }
  });
  if (total > 6000)
    problems.push({
      path: ['embeds'],
      code: 'MAX_EMBED_SIZE_EXCEEDED',
      message: 'Embed size exceeds maximum size of 6000',
    });
  return problems;
}

function componentProblems(body: DiscordJson): Problem[] {
  const rows: DiscordJson[] = Array.isArray(body?.components) ? body.components : [];
  if ((Number(body?.flags ?? 0) & IS_COMPONENTS_V2) !== 0) return [];
  const problems: Problem[] = [];
  if (rows.length > 5)
    problems.push({
      path: ['components'],
      code: 'BASE_TYPE_BAD_LENGTH',
      message: 'Must be between 1 and 5 in length.',
    });
  const customIds = new Set<string>();
  rows.forEach((row, rowIndex) => {
    const children: DiscordJson[] = row.components ?? [];
    if (row.type !== 1 || children.length < 1 || children.length > 5)
      problems.push({
        path: ['components', rowIndex],
        code: 'BASE_TYPE_BAD_LENGTH',
        message: 'Must be an action row of 1 to 5 components.',
      });
    children.forEach((button, index) => {
      const path = ['components', rowIndex, 'components', index];
      if (button.type !== 2) return;
      if (typeof button.label === 'string' && button.label.length > 80)
        problems.push(tooLong([...path, 'label'], 80));
      if (button.style === LINK_STYLE) {
        if (!button.url)
          problems.push({
            path: [...path, 'url'],
            code: 'BASE_TYPE_REQUIRED',
            message: 'This field is required',
          });
      } else if (button.style !== PREMIUM_STYLE) {
        const id = button.custom_id;
        if (typeof id !== 'string' || id.length < 1 || id.length > 100)
          problems.push({
            path: [...path, 'custom_id'],
            code: 'BASE_TYPE_BAD_LENGTH',
            message: 'Must be between 1 and 100 in length.',
          });
        else if (customIds.has(id))
          problems.push({
            path: [...path, 'custom_id'],
            code: 'COMPONENT_CUSTOM_ID_DUPLICATED',
            message: 'Component custom id cannot be duplicated',
          });
        else customIds.add(id);
        if (![1, 2, 3, 4].includes(button.style))
          problems.push({
            path: [...path, 'style'],
            code: 'BASE_TYPE_CHOICES',
            message: 'Value must be one of {1, 2, 3, 4, 5, 6}.',
          });
      }
    });
  });
  return problems;
}

function tooLong(path: (string | number)[], limit: number): Problem {
  return { path, code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${limit} or fewer in length.` };
}

// Discord nests errors by the field's path: {embeds: {0: {title: {_errors: [...]}}}}.
function invalidFormBody(problems: Problem[]): DiscordHttpError {
  const errors: DiscordJson = {};
  for (const { path, code, message } of problems) {
    let node = errors;
    for (const key of path) {
      node[key] ??= {};
      node = node[key];
    }
    node._errors = [...(node._errors ?? []), { code, message }];
  }
  return new DiscordHttpError(400, 50035, 'Invalid Form Body', errors);
}
