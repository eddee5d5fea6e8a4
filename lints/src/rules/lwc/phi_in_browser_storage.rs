//! `lwc-phi-in-browser-storage`: PHI written by a Lightning web component into browser
//! storage that outlives the session.

use crate::finding::Severity;
use crate::js::{report_hits, SinkKind};
use crate::kind::SourceKind;
use crate::registry::{Context, Family, Rule, RuleMeta};

pub struct PhiInBrowserStorage;

pub static META: RuleMeta = RuleMeta {
    id: "lwc-phi-in-browser-storage",
    family: Family::Lwc,
    default_severity: Severity::Error,
    references: &["164.312(a)(2)(iv)"],
    summary: "A PHI value in a Lightning web component is written to `localStorage`, `sessionStorage`, a cookie or IndexedDB",
    kinds: &[SourceKind::LwcScript],
    docs: r#"
## What it does

Reports a PHI value that a Lightning web component writes into browser storage:
`localStorage.setItem` / `sessionStorage.setItem` (key or value), assignment to a
`localStorage` or `sessionStorage` property, assignment to `document.cookie`, and `put` or
`add` on an IndexedDB object store (`db.transaction(...).objectStore(...)`).

PHI values are found as for `lwc-phi-in-console`: PHI fields read with `getFieldValue` or
through `record.fields.X.value`, records wired with `getRecord` whose field list holds a
PHI field, records of a PHI object returned by an Apex method (its return type is read
from the project's Apex classes), and values derived from them through locals, class
fields, getters, template literals, concatenation, `JSON.stringify` and spreads. A value
read in a handler from an input that the template binds to a PHI property
(`value={homePhone} onchange={handlePhoneChange}`, then `event.target.value`) is PHI too.

## Why it matters

Browser storage is a copy of the data on the patient's device, in the clear, outside
Salesforce's access controls, encryption and audit trail. `localStorage`, cookies and
IndexedDB survive logout and browser restarts; on a shared or public computer the next
user, any script on the same origin and any extension can read them. HIPAA
164.312(a)(2)(iv) (encryption and decryption of ePHI at rest) and 164.312(a)(1) (access
control).

## Example

```js
import getPatients from '@salesforce/apex/PatientController.getPatients';

export default class PatientList extends LightningElement {
    async connectedCallback() {
        const patients = await getPatients();
        localStorage.setItem('patients', JSON.stringify(patients));
    }
}
```

## Use instead

```js
export default class PatientList extends LightningElement {
    patients;
    async connectedCallback() {
        this.patients = await getPatients();
        sessionStorage.setItem('patientListLoadedAt', String(Date.now()));
    }
}
```

Keep PHI in component state, and let Lightning Data Service or a cacheable Apex method
cache it. If something must persist, store the record id and read the data again under
the user's access.

## Configuration

Which fields and objects are PHI comes from the project's PHI model (`[phi]` in
`phi-lint.toml`, the fields' compliance metadata and the built-in dictionary).

## Known problems

The analysis is per file: values stored by a shared utility module that another
component calls are not followed, nor values passed between components. Storage reached
through a wrapper (a custom `cache.set(...)`) is not recognized. An IndexedDB store is
only recognized when the `objectStore(...)` call is in the same function as, or assigned
to a local before, the `put` or `add`. `setItem` stringifies objects, so a whole record
stored without `JSON.stringify` is reported although only `[object Object]` is written;
it is almost always a mistake that a later fix turns into a leak. The known problems of
`lwc-phi-in-console` apply too.
"#,
};

impl Rule for PhiInBrowserStorage {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_file(&self, cx: &mut Context<'_>) {
        report_hits(
            cx,
            SinkKind::Storage,
            "keep PHI in component state only; to persist something, store the record id and read the data again from Salesforce",
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{check, PATIENT_FIELDS};

    const JS: &str = "force-app/main/default/lwc/patientList/patientList.js";
    const APEX: &str = "force-app/main/default/classes/PatientController.cls";
    const CONTROLLER: &str = r#"public with sharing class PatientController {
    @AuraEnabled(cacheable=true)
    public static List<Patient__c> getPatients() { return [SELECT Id, SSN__c FROM Patient__c WITH USER_MODE]; }
    @AuraEnabled
    public static String getGreeting() { return 'hi'; }
}"#;

    fn lines(js: &str) -> Vec<u32> {
        check(
            "lwc-phi-in-browser-storage",
            &[PATIENT_FIELDS, &[(APEX, CONTROLLER), (JS, js)]].concat(),
        )
    }

    #[test]
    fn fires_on_apex_records_in_storage_cookies_and_indexeddb() {
        let js = r#"import { LightningElement, wire } from 'lwc';
import getPatients from '@salesforce/apex/PatientController.getPatients';
import getGreeting from '@salesforce/apex/PatientController.getGreeting';
export default class PatientList extends LightningElement {
    @wire(getPatients) patients;
    async connectedCallback() {
        const rows = await getPatients();
        localStorage.setItem('rows', JSON.stringify(rows));
        sessionStorage.setItem('first', rows[0].SSN__c);
        document.cookie = 'ssn=' + rows[0].SSN__c;
        const store = this.db.transaction('p', 'readwrite').objectStore('p');
        store.put({ ...rows[0] });
        localStorage.setItem('count', rows.length);
        localStorage.setItem('id', rows[0].Id);
        localStorage.setItem('status', rows[0].Status__c);
        const greeting = await getGreeting();
        localStorage.setItem('greeting', greeting);
        getPatients().then((result) => {
            window.localStorage.setItem('r', JSON.stringify(result));
        });
        localStorage.setItem('wired', JSON.stringify(this.patients.data));
    }
}"#;
        assert_eq!(lines(js), [8, 9, 10, 12, 19, 21]);
    }
}
