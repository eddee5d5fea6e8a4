import { LightningElement, wire } from 'lwc';
import getPatients from '@salesforce/apex/PatientController.getPatients';
import getPatient from '@salesforce/apex/PatientController.getPatient';
import countPatients from '@salesforce/apex/PatientController.countPatients';

export default class PatientList extends LightningElement {
    patients;
    selected;

    @wire(getPatients)
    wiredPatients({ data, error }) {
        if (data) {
            console.log(data); // expect: lwc-phi-in-console
            console.log(data.length);
            this.patients = data;
        } else if (error) {
            console.error(error);
        }
    }

    async handleSelect(event) {
        const patient = await getPatient({ patientId: event.target.dataset.id });
        const { SSN__c: ssn, Id } = patient;
        console.log(`selected ${ssn}`); // expect: lwc-phi-in-console
        console.log('selected', Id);
        console.log(patient.Status__c);
        this.selected = { ...patient };
        console.dir(this.selected); // expect: lwc-phi-in-console
    }

    handleRefresh() {
        getPatients()
            .then((rows) => {
                rows.forEach((row) => console.log(row.SSN__c)); // expect: lwc-phi-in-console
                const ids = rows.map((row) => row.Id);
                console.log(ids);
            })
            .catch((e) => console.error(e));
        countPatients().then((count) => console.log('patients', count));
    }

    get firstPatient() {
        return this.patients ? this.patients[0] : undefined;
    }

    logFirst() {
        console.log(this.firstPatient); // expect: lwc-phi-in-console
    }
}
