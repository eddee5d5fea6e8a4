//! `phi-lint inventory` on the demo project in every format, and on a project in the
//! Metadata API layout.

mod common;

use common::{phi_lint, stdout};

#[test]
fn the_demo_inventory_in_every_format() {
    for format in ["markdown", "csv", "json"] {
        let output = phi_lint(&["inventory", "testdata/clinic", "--format", format]);
        assert_eq!(output.status.code(), Some(0), "{format}: {output:?}");
        insta::assert_snapshot!(format!("clinic-inventory-{format}"), stdout(&output));
    }
}

#[test]
fn the_metadata_api_layout_feeds_the_inventory() {
    let output = phi_lint(&["inventory", "testdata/legacy-layout", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    let fields = &json["objects"][0]["fields"];
    let medicaid = fields
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == "Patient__c.Medicaid_Number__c")
        .expect("the inline field is in the inventory");
    assert_eq!(medicaid["readable_by"][0], "profile Nurse");
    assert_eq!(medicaid["used_in"][0], "src/classes/WardReport.cls");
    assert_eq!(medicaid["encryption"], "None");
    assert!(json["not_phi_fields"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f == "Patient__c.Ward__c"));
}

#[test]
fn the_inventory_is_deterministic() {
    let first = stdout(&phi_lint(&["inventory", "testdata/clinic"]));
    let second = stdout(&phi_lint(&[
        "inventory",
        "testdata/clinic",
        "--format",
        "markdown",
    ]));
    assert_eq!(first, second);
}
