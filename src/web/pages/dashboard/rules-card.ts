import { html, type SafeHtml, trustedHtml } from '../../server/html.ts';
import type { DashboardMessages } from './messages/index.ts';
import { RULE_GROUPS, type RuleField } from './rule-fields.ts';

type Text = DashboardMessages;

function ruleInput(field: RuleField, text: Text): SafeHtml {
  const label = text.rules.fields[field.name] ?? { label: field.name, help: '' };
  const id = `rule-${field.name}`;
  const help = html`<small id="${id}-help" class="muted">${label.help}</small>`;
  const error = html`<small class="field-error" id="${id}-error" data-error-for="${field.name}"></small>`;
  if (field.kind === 'boolean') {
    return html`<div class="field checkbox"><label><input type="checkbox" id="${id}" name="${field.name}" data-kind="boolean" aria-describedby="${id}-help ${id}-error"> ${label.label}</label>${help}${error}</div>`;
  }
  if (field.kind === 'choice') {
    const options = (field.choices ?? []).map(
      (choice) => html`<option value="${choice}">${text.rules.choices[choice] ?? choice}</option>`,
    );
    return html`<div class="field"><label for="${id}">${label.label}</label>
<select id="${id}" name="${field.name}" data-kind="choice" aria-describedby="${id}-help ${id}-error">${options}</select>${help}${error}</div>`;
  }
  const type = field.kind === 'text' ? 'text' : 'number';
  const bounds =
    field.kind === 'text'
      ? html` maxlength="50"`
      : html` min="${field.min ?? ''}" max="${field.max ?? ''}" step="${field.step ?? 1}"`;
  const required = field.kind === 'optionalInteger' ? '' : ' required';
  return html`<div class="field"><label for="${id}">${label.label}</label>
<input type="${type}" id="${id}" name="${field.name}" data-kind="${field.kind}"${bounds}${trustedHtml(required)} aria-describedby="${id}-help ${id}-error">${help}${error}</div>`;
}

/** The rules form (SPEC §2.6, §2.7, §3): each setting with its explanation and a slot for the API's message. */
export function rulesCard(text: Text): SafeHtml {
  const groups = RULE_GROUPS.map(
    (group) => html`<fieldset class="rule-group">${group.map((field) => ruleInput(field, text))}</fieldset>`,
  );
  return html`<section class="card wide" id="rules-card" aria-labelledby="rules-heading">
<h2 id="rules-heading">${text.rules.heading}</h2>
<form id="rules-form" novalidate>${groups}
<p class="actions"><button type="submit">${text.rules.save}</button></p>
<p class="form-message" id="rules-message" role="alert"></p>
</form></section>`;
}
