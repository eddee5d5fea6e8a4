import { LightningElement, wire } from 'lwc';
import getPatients from '@salesforce/apex/PatientController.getPatients';

export default class OfflineVisits extends LightningElement {
    db;

    @wire(getPatients)
    patients;

    cacheOffline() {
        const store = this.db.transaction('patients', 'readwrite').objectStore('patients');
        for (const row of this.patients.data) {
            store.put(row); // expect: lwc-phi-in-browser-storage
            store.put({ id: row.Id, seen: true });
        }
        this.db
            .transaction('patients', 'readwrite')
            .objectStore('patients')
            .add(JSON.stringify(this.patients.data)); // expect: lwc-phi-in-browser-storage
    }
}
