trigger PatientTrigger on Patient__c (before insert, before update) {
    if (Trigger.isInsert) {
        System.debug('New patients: ' + Trigger.new);
    }
    System.debug('Patients changed: ' + Trigger.new.size());
}
