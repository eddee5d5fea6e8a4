import { LightningElement, api, wire } from 'lwc';
import { getRecord, getFieldValue } from 'lightning/uiRecordApi';
import PHONE_FIELD from '@salesforce/schema/Patient__c.Home_Phone__c';
import SSN_FIELD from '@salesforce/schema/Patient__c.SSN__c';
import STATUS_FIELD from '@salesforce/schema/Patient__c.Status__c';

// Inputs bound to PHI properties: what the user types there is PHI too.
export default class ContactForm extends LightningElement {
    @api recordId;

    @wire(getRecord, { recordId: '$recordId', fields: [PHONE_FIELD, SSN_FIELD, STATUS_FIELD] })
    patient;

    get homePhone() {
        return getFieldValue(this.patient.data, PHONE_FIELD);
    }

    get ssn() {
        return getFieldValue(this.patient.data, SSN_FIELD);
    }

    get status() {
        return getFieldValue(this.patient.data, STATUS_FIELD);
    }

    handlePhoneChange(event) {
        localStorage.setItem('draftPhone', event.target.value); // expect: lwc-phi-in-browser-storage
        localStorage.setItem('draftField', event.target.dataset.field);
    }

    handleSsnChange = (event) => {
        const { value } = event.detail;
        sessionStorage.setItem('draftSsn', value); // expect: lwc-phi-in-browser-storage
    };

    handleStatusChange(event) {
        localStorage.setItem('draftStatus', event.target.value);
    }

    handleSave() {
        localStorage.setItem('savedAt', String(Date.now()));
    }
}
