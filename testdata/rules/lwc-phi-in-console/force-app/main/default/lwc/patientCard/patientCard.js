import { LightningElement, api, wire } from 'lwc';
import { getRecord, getFieldValue } from 'lightning/uiRecordApi';
import SSN_FIELD from '@salesforce/schema/Patient__c.SSN__c';
import SOCIAL_SECURITY from '@salesforce/schema/Patient__c.SSN__c';
import STATUS_FIELD from '@salesforce/schema/Patient__c.Status__c';
import PHONE_FIELD from '@salesforce/schema/Patient__c.Home_Phone__c';

const FIELDS = [SSN_FIELD, STATUS_FIELD, PHONE_FIELD];

export default class PatientCard extends LightningElement {
    @api recordId;

    @wire(getRecord, { recordId: '$recordId', fields: FIELDS })
    patient;

    get ssn() {
        return getFieldValue(this.patient.data, SSN_FIELD);
    }

    get status() {
        return getFieldValue(this.patient.data, STATUS_FIELD);
    }

    renderedCallback() {
        console.log('ssn', this.ssn); // expect: lwc-phi-in-console
        console.info(`social: ${getFieldValue(this.patient.data, SOCIAL_SECURITY)}`); // expect: lwc-phi-in-console
        console.debug(this.patient.data); // expect: lwc-phi-in-console
        console.table(this.patient); // expect: lwc-phi-in-console
        console.warn(this.patient.data.fields.Home_Phone__c.value); // expect: lwc-phi-in-console
        console.error('record: ' + JSON.stringify(this.patient.data)); // expect: lwc-phi-in-console

        // Quiet: the record id, a non-PHI field of the same record, a constant, the
        // schema import itself.
        console.log('record', this.recordId);
        console.log(this.patient.data.id);
        console.log('status', this.status);
        console.log(getFieldValue(this.patient.data, STATUS_FIELD));
        console.log(this.patient.data.fields.Status__c.value);
        console.log('patient card rendered');
        console.log(SSN_FIELD.fieldApiName);
        console.log(this.patient.error);
    }
}
