#!/bin/sh
# Monthly extract for the billing team.
sf data query --query "SELECT Name, SSN__c, Date_of_Birth__c FROM Patient__c" --result-format csv > patients.csv # expect: script-phi-export

# Status counts only: no PHI.
sf data query --query "SELECT Id, Status__c FROM Patient__c" --result-format csv > status.csv

# Printed, not written to a file.
sf data query --query "SELECT SSN__c FROM Patient__c" --target-org dev
