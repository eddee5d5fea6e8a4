# PowerShell variant used on Windows laptops.
sfdx force:data:soql:query -q "SELECT Name, Date_of_Birth__c FROM Patient__c" -r csv | Out-File patients.csv # expect: script-phi-export

# Continued lines, statuses only: no PHI.
sfdx force:data:soql:query `
    -q "SELECT Id, Status__c FROM Patient__c" `
    -r csv | Out-File statuses.csv
