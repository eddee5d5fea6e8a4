import { LightningElement, api, wire } from 'lwc';
import { getRecord, getFieldValue } from 'lightning/uiRecordApi';
import SSN_FIELD from '@salesforce/schema/Patient__c.SSN__c';
import SOCIAL_SECURITY from '@salesforce/schema/Patient__c.SSN__c';
import STATUS_FIELD from '@salesforce/schema/Patient__c.Status__c';

export default class PatientCache extends LightningElement {
    @api recordId;

    @wire(getRecord, { recordId: '$recordId', fields: [SSN_FIELD, STATUS_FIELD] })
    patient;

    get ssn() {
        return getFieldValue(this.patient.data, SSN_FIELD);
    }

    handleSave() {
        localStorage.setItem('ssn', this.ssn); // expect: lwc-phi-in-browser-storage
        sessionStorage.setItem('patient', JSON.stringify(this.patient.data)); // expect: lwc-phi-in-browser-storage
        const social = getFieldValue(this.patient.data, SOCIAL_SECURITY);
        document.cookie = `ssn=${social}; path=/`; // expect: lwc-phi-in-browser-storage
        window.localStorage.lastSsn = social; // expect: lwc-phi-in-browser-storage
        localStorage.setItem(this.ssn, '1'); // expect: lwc-phi-in-browser-storage

        // Quiet: the record id, a non-PHI field of the same record, a constant.
        localStorage.setItem('lastPatientId', this.recordId);
        sessionStorage.setItem('status', getFieldValue(this.patient.data, STATUS_FIELD));
        document.cookie = 'portalTheme=dark; path=/';
        localStorage.setItem('patientId', this.patient.data.id);
    }
}
