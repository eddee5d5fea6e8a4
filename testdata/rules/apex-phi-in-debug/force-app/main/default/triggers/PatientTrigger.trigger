trigger PatientTrigger on Patient__c (before insert, before update) {
    System.debug(Trigger.new); // expect: apex-phi-in-debug
    System.debug(Trigger.oldMap); // expect: apex-phi-in-debug
    System.debug(Trigger.new.size());
}
