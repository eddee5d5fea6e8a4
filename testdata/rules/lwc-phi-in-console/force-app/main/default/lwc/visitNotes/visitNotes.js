import { LightningElement, api } from 'lwc';

// A record handed in by a parent: its type is unknown, so fields are judged by name.
export default class VisitNotes extends LightningElement {
    @api visit;
    @api label = 'Visit notes';

    connectedCallback() {
        console.log(this.visit.Home_Phone__c); // expect: lwc-phi-in-console
        console.log(this.visit.Status__c);
        console.log(this.label);
        const message = 'Visit ' + this.visit.Id;
        console.log(message);
    }
}
