import { LightningElement } from 'lwc';

export default class AppointmentBooking extends LightningElement {
    preferredDate;
    clinic;
    mobilePhone;
    consent = false;
    consentLabel = 'I agree to be contacted about this appointment';
    clinics = [
        { label: 'Downtown', value: 'downtown' },
        { label: 'Riverside', value: 'riverside' }
    ];

    handleDate(event) {
        this.preferredDate = event.target.value;
    }

    handleClinic(event) {
        this.clinic = event.detail.value;
    }

    handleReason() {}

    handlePhone(event) {
        this.mobilePhone = event.target.value;
    }

    handleMember() {}

    book() {}
}
