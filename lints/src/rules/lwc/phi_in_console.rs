//! `lwc-phi-in-console`: PHI written to the browser console by a Lightning web component.

use crate::finding::Severity;
use crate::js::{report_hits, SinkKind};
use crate::kind::SourceKind;
use crate::registry::{Context, Family, Rule, RuleMeta};

pub struct PhiInConsole;

pub static META: RuleMeta = RuleMeta {
    id: "lwc-phi-in-console",
    family: Family::Lwc,
    default_severity: Severity::Warning,
    references: &["164.312(a)(1)"],
    summary: "A PHI value in a Lightning web component is passed to `console.*`",
    kinds: &[SourceKind::LwcScript],
    docs: r#"
## What it does

Reports a call to `console.log`, `info`, `warn`, `error`, `debug`, `table`, `dir`,
`dirxml`, `trace`, `group`, `groupCollapsed` or `assert` in a Lightning web component
whose arguments hold PHI:

- a PHI field's value, read with `getFieldValue(record, FIELD)` where `FIELD` is a
  `@salesforce/schema` import (under any local name) or an `'Object.Field'` string, or
  read as `record.fields.Field__c.value` from a wired record;
- a record wired with `@wire(getRecord, { fields })` whose field list holds a PHI field,
  or its `.data`;
- records returned by an Apex method, wired or called imperatively, when the project's
  Apex class declares that the method returns a PHI object (`List<Patient__c>`);
- records of a PHI object from a list adapter given that object (`getListUi`,
  `getListRecordsByName`, `getRelatedListRecords`);
- a property named like a PHI field (`Patient_SSN__c`) read from a value whose type is
  unknown;
- `event.target.value` or `event.detail.value` in a handler that the component's
  template binds on an input whose `value={...}` is a PHI property
  (`value={homePhone} onchange={handlePhoneChange}`);
- any of these passed through locals, class fields, getters, template literals,
  concatenation, `JSON.stringify`, spread into objects or arrays, string methods,
  array methods, `await` and `.then`.

The record id, fields that are not PHI, constants and the schema imports themselves
(`SSN_FIELD.fieldApiName`) are not reported.

## Why it matters

A patient portal runs on the patient's own machine, often a shared one: a family
computer, a library kiosk, a clinic's waiting-room tablet. What a component writes to the
console stays in the developer tools for anyone who opens them, is captured by browser
extensions and session-replay tools, and ends up in screenshots attached to support
tickets. The access controls that guard the record in Salesforce do not reach it there:
HIPAA 164.312(a)(1) (access control).

## Example

```js
import { LightningElement, api, wire } from 'lwc';
import { getRecord, getFieldValue } from 'lightning/uiRecordApi';
import SSN_FIELD from '@salesforce/schema/Patient__c.SSN__c';

export default class PatientCard extends LightningElement {
    @api recordId;
    @wire(getRecord, { recordId: '$recordId', fields: [SSN_FIELD] }) patient;

    get ssn() {
        return getFieldValue(this.patient.data, SSN_FIELD);
    }

    renderedCallback() {
        console.log('patient ssn', this.ssn);
    }
}
```

## Use instead

```js
renderedCallback() {
    console.debug('patient card rendered', this.recordId);
}
```

Log the record id or a status, or remove the call before release: production components
should not log at all.

## Configuration

Which fields and objects are PHI comes from the project's PHI model (`[phi]` in
`phi-lint.toml`, the fields' compliance metadata and the built-in dictionary). The
default severity is `warning`: the console is cleared when the tab closes, unlike browser
storage (see `lwc-phi-in-browser-storage`).

## Known problems

The analysis is per file. A record passed in by a parent through an `@api` property is
judged only by the names of the fields read from it; values passed between components,
through events or through Lightning Message Service are not followed. Apex methods that
return wrapper classes, `Object` or serialized JSON are not known to carry PHI. Records
from `getRecord` with `layoutTypes` instead of a field list, from `getRecords` or from
the GraphQL adapter are not followed. A local reassigned inside a callback is not seen
after it. Class fields are followed without regard to order: a field that is ever
assigned PHI counts as PHI wherever it is read, even after it is cleared. A record wired
with `getRecord` and a field list counts as PHI as a whole only when a listed field is
PHI, or when the object is PHI for a reason of its own (configured, clinical). Template inputs are matched to handlers only on the same element
(`value={x}` with `onchange={h}`); a value read with `this.template.querySelector(...)`
is not followed.
"#,
};

impl Rule for PhiInConsole {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_file(&self, cx: &mut Context<'_>) {
        report_hits(
            cx,
            SinkKind::Console,
            "remove the console call, or log the record id or a status instead of PHI values",
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{check, PATIENT_FIELDS};

    const JS: &str = "force-app/main/default/lwc/patientCard/patientCard.js";

    fn lines(js: &str) -> Vec<u32> {
        check(
            "lwc-phi-in-console",
            &[PATIENT_FIELDS, &[(JS, js)]].concat(),
        )
    }

    #[test]
    fn fires_on_phi_fields_and_wired_records() {
        let js = r#"import { LightningElement, api, wire } from 'lwc';
import { getRecord, getFieldValue } from 'lightning/uiRecordApi';
import SSN from '@salesforce/schema/Patient__c.SSN__c';
import SOCIAL from '@salesforce/schema/Patient__c.SSN__c';
import STATUS from '@salesforce/schema/Patient__c.Status__c';
export default class PatientCard extends LightningElement {
    @api recordId;
    @wire(getRecord, { recordId: '$recordId', fields: [SSN, STATUS] }) patient;
    get ssn() { return getFieldValue(this.patient.data, SSN); }
    connectedCallback() {
        console.log(this.ssn);
        console.info(`ssn ${getFieldValue(this.patient.data, SOCIAL)}`);
        console.log(this.patient.data);
        console.log(this.patient.data.fields.SSN__c.value);
        console.log(this.recordId);
        console.log(this.patient.data.id);
        console.log(getFieldValue(this.patient.data, STATUS));
        console.log(this.patient.data.fields.Status__c.value);
        console.log('loaded');
        console.log(SSN.fieldApiName);
    }
}"#;
        assert_eq!(lines(js), [11, 12, 13, 14]);
    }

    #[test]
    fn follows_locals_concatenation_and_serialization() {
        let js = r#"import { LightningElement } from 'lwc';
import { getFieldValue } from 'lightning/uiRecordApi';
import SSN from '@salesforce/schema/Patient__c.SSN__c';
export default class A extends LightningElement {
    record;
    handle() {
        const ssn = getFieldValue(this.record, SSN);
        const copy = { ...{ ssn } };
        let message = 'ssn: ' + ssn;
        console.warn(message);
        console.error(JSON.stringify(copy));
        console.log(ssn.length);
        console.log(ssn.toUpperCase());
    }
}"#;
        assert_eq!(lines(js), [10, 11, 13]);
    }

    #[test]
    fn non_phi_record_lists_are_quiet() {
        let js = r#"import { LightningElement, wire } from 'lwc';
import { getRecord } from 'lightning/uiRecordApi';
import STATUS from '@salesforce/schema/Patient__c.Status__c';
export default class A extends LightningElement {
    @wire(getRecord, { recordId: '$recordId', fields: [STATUS] }) patient;
    connectedCallback() {
        console.log(this.patient.data);
    }
}"#;
        assert_eq!(lines(js), Vec::<u32>::new());
    }

    #[test]
    fn template_inputs_bound_to_phi_properties() {
        let html = "<template>\n<lightning-input value={ssn} onchange={handleSsn}></lightning-input>\n<lightning-input value={status} onchange={handleStatus}></lightning-input>\n</template>";
        let js = r#"import { LightningElement } from 'lwc';
import { getFieldValue } from 'lightning/uiRecordApi';
import SSN from '@salesforce/schema/Patient__c.SSN__c';
import STATUS from '@salesforce/schema/Patient__c.Status__c';
export default class PatientCard extends LightningElement {
    record;
    get ssn() { return getFieldValue(this.record, SSN); }
    get status() { return getFieldValue(this.record, STATUS); }
    handleSsn(event) { console.log(event.target.value); }
    handleStatus(event) { console.log(event.target.value); }
}"#;
        let html_path = "force-app/main/default/lwc/patientCard/patientCard.html";
        let found = check(
            "lwc-phi-in-console",
            &[PATIENT_FIELDS, &[(html_path, html), (JS, js)]].concat(),
        );
        assert_eq!(found, [9]);
    }
}
