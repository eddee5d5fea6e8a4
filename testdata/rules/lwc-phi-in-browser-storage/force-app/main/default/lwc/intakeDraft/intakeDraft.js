import { LightningElement } from 'lwc';
import getPatients from '@salesforce/apex/PatientController.getPatients';
import getPatient from '@salesforce/apex/PatientController.getPatient';
import countPatients from '@salesforce/apex/PatientController.countPatients';

const DRAFT_KEY = 'intakeDraft';

export default class IntakeDraft extends LightningElement {
    patient;

    async connectedCallback() {
        this.patient = await getPatient({ patientId: this.patientId });
        const count = await countPatients();
        sessionStorage.setItem('patientCount', String(count));
    }

    saveDraft() {
        const draft = { ...this.patient, savedAt: Date.now() };
        localStorage.setItem(DRAFT_KEY, JSON.stringify(draft)); // expect: lwc-phi-in-browser-storage
        localStorage.setItem('draftId', this.patient.Id);
        localStorage.setItem('draftStatus', this.patient.Status__c);
    }

    loadAll() {
        getPatients().then((rows) => {
            const ssns = rows.map((row) => row.SSN__c);
            sessionStorage.setItem('ssns', ssns.join(',')); // expect: lwc-phi-in-browser-storage
            sessionStorage.setItem('count', rows.length);
        });
    }
}
