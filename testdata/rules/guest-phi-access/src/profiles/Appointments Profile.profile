<?xml version="1.0" encoding="UTF-8"?>
<Profile xmlns="http://soap.sforce.com/2006/04/metadata">
    <custom>true</custom>
    <fieldPermissions> <!-- expect: guest-phi-access -->
        <editable>false</editable>
        <field>Patient__c.SSN__c</field>
        <readable>true</readable>
    </fieldPermissions>
    <fieldPermissions>
        <editable>false</editable>
        <field>Patient__c.Status__c</field>
        <readable>true</readable>
    </fieldPermissions>
    <userLicense>Guest User License</userLicense>
</Profile>
