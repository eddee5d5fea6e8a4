#!/usr/bin/env python3
"""Writes lints/src/aria/table.rs from the WAI-ARIA specifications' own source.

The inputs are the ReSpec sources published in the W3C's `w3c/aria` repository:

    ARIA12   index.html at branch 2023-06_REC   (WAI-ARIA 1.2, W3C Recommendation 6 June 2023)
    DPUB     dpub-aria/index.html at tag REC-dpub-1.1   (DPUB-ARIA 1.1, Recommendation)
    GRAPHICS graphics-aria/index.html           (WAI-ARIA Graphics Module 1.0)
    ARIA13   index.html at the default branch   (WAI-ARIA 1.3 editor's draft; only the roles
             and attributes that 1.2 lacks are taken from it, marked as drafts)

The table in the repository was generated from these commits of w3c/aria:
66caad8c (2023-06_REC), 0670b92c (REC-dpub-1.1) and 37b9d2b8 (graphics-aria and the 1.3
draft). With a clone of that repository:

    git show 2023-06_REC:index.html > aria12.html
    git show REC-dpub-1.1:dpub-aria/index.html > dpub.html
    git show 37b9d2b8:graphics-aria/index.html > graphics.html
    git show 37b9d2b8:index.html > aria13.html
    python3 lints/tools/gen_aria_table.py aria12.html dpub.html graphics.html aria13.html \
        > lints/src/aria/table.rs && cargo fmt --all

Each role's characteristics table gives: abstract or not, superclass roles, required,
supported and prohibited states and properties, whether an accessible name is required and
whether the name can come from content. Each attribute's table gives its value type and,
for tokens, the values the specification lists. Inherited states and properties are
computed here from the superclass chain, as the specification's own script does.
"""

import html
import re
import sys

REF = re.compile(r"<(?:rref|pref|sref)>\s*([^<\s]+)\s*</(?:rref|pref|sref)>")


def cell(block, cls):
    m = re.search(r'<td class="' + cls + r'"[^>]*>(.*?)</td>', block, re.S)
    return m.group(1) if m else ""


def refs(text):
    return REF.findall(text)


def parse_roles(source, module):
    roles = {}
    parts = re.split(r'<div class="role"(?: id="[^"]*")?>', source)[1:]
    for part in parts:
        m = re.search(r"<rdef>\s*([^<\s]+)\s*</rdef>", part)
        if not m:
            continue
        name = m.group(1)
        required, if_focusable = [], []
        for item in re.findall(
            r"<(?:pref|sref)>\s*([^<\s]+)\s*</(?:pref|sref)>([^<]*)",
            cell(part, "role-required-properties"),
        ):
            (if_focusable if "if focusable" in item[1] else required).append(item[0])
        namefrom = re.sub(r"<[^>]*>", " ", cell(part, "role-namefrom"))
        roles[name] = {
            "module": module,
            "abstract": "true" in cell(part, "role-abstract").lower(),
            "parents": refs(cell(part, "role-parent")),
            "required": required,
            "required_if_focusable": if_focusable,
            "supported": refs(cell(part, "role-properties")),
            "prohibited": refs(cell(part, "role-disallowed")),
            "name_required": "true" in cell(part, "role-namerequired").lower(),
            "name_from_contents": "contents" in namefrom,
            "name_prohibited": "prohibited" in namefrom,
            # "Implicit Value for Role": a default the role gives the attribute, so an
            # author who leaves it out has still given it a value.
            "implicit": refs(cell(part, "implicit-values")),
        }
    return roles


def parse_attributes(source):
    attrs = {}
    parts = re.split(r'<div class="(?=(?:property|state)[ "])', source)[1:]
    for part in parts:
        m = re.match(r'(property|state)([^"]*)" id="(aria-[a-z]+)"', part)
        if not m:
            continue
        name = m.group(3)
        kind = m.group(1)
        # The specification sometimes uses the other kind's class names (aria-current, a
        # state, has a `property-value` cell), so both are read.
        value_cell = cell(part, "state-value") + cell(part, "property-value")
        value = re.search(r'href="#valuetype_([a-z_-]+)">([^<]*)<', value_cell)
        applicability = re.sub(
            r"<[^>]*>", "", cell(part, "state-applicability") + cell(part, "property-applicability")
        )
        values = []
        table = re.search(r'<table class="value-descriptions">(.*?)</table>', part, re.S)
        if table:
            for raw in re.findall(r'<th class="value-name"[^>]*>(.*?)</th>', table.group(1), re.S):
                text = html.unescape(re.sub(r"<[^>]*>", "", raw))
                text = text.replace("(default)", "").strip()
                # A row such as `additions text` names a default combination, not a token.
                if text and " " not in text:
                    values.append(text)
        attrs[name] = {
            # The 1.3 draft links aria-colindextext to "integer" but names it "string";
            # the visible word wins.
            "type": "string"
            if not value or value.group(2).strip() == "string"
            else value.group(1),
            "values": values,
            "global": "All elements of the base markup" in applicability
            or "Use as a global" in applicability,
            "deprecated": "deprecated" in m.group(2),
        }
    return attrs


def main():
    aria12, dpub, graphics, aria13 = (open(p, encoding="utf-8").read() for p in sys.argv[1:5])
    roles = parse_roles(aria12, "Aria12")
    attrs = parse_attributes(aria12)
    for name, role in parse_roles(dpub, "Dpub").items():
        roles.setdefault(name, role)
    for name, role in parse_roles(graphics, "Graphics").items():
        roles.setdefault(name, role)
    for name, role in parse_roles(aria13, "Aria13Draft").items():
        roles.setdefault(name, role)
    for name, attr in parse_attributes(aria13).items():
        if name not in attrs:
            attr["draft"] = True
            attrs[name] = attr

    def ancestors(name, seen=None):
        seen = seen if seen is not None else []
        for parent in roles.get(name, {}).get("parents", []):
            if parent not in seen and parent in roles:
                seen.append(parent)
                ancestors(parent, seen)
        return seen

    def inherited_list(name, key):
        """`key` of the role and its ancestors, own first, without repeats: required
        states bind subclass roles too ("required for the role and subclass roles"), and
        so do the role's implicit values."""
        out = []
        for role in [name] + ancestors(name):
            for prop in roles[role][key]:
                if prop not in out:
                    out.append(prop)
        return out

    def inherited(name):
        out = []
        for parent in ancestors(name):
            for prop in roles[parent]["supported"] + roles[parent]["required"]:
                out.append(prop)
        return out

    kinds = {
        "true-false": "TrueFalse",
        "true-false-undefined": "TrueFalseUndefined",
        "tristate": "Tristate",
        "idref": "IdRef",
        "idref_list": "IdRefList",
        "integer": "Integer",
        "number": "Number",
        "token": "Token",
        "token_list": "TokenList",
        "string": "String",
    }

    def strs(items):
        return "&[" + ", ".join('"%s"' % i for i in items) + "]"

    out = []
    out.append("// @generated by lints/tools/gen_aria_table.py from the WAI-ARIA specification")
    out.append("// sources; do not edit. See the module documentation of `crate::aria`.")
    out.append("")
    out.append("use super::{AttributeDef, Module, RoleDef, ValueType};")
    out.append("")
    out.append("/// Every role of WAI-ARIA 1.2, DPUB-ARIA 1.1 and Graphics-ARIA 1.0, and the roles")
    out.append("/// the WAI-ARIA 1.3 draft adds, sorted by name.")
    out.append("pub static ROLES: &[RoleDef] = &[")
    for name in sorted(roles):
        r = roles[name]
        own = r["supported"] + r["required"] + r["required_if_focusable"]
        supported = sorted(set(own + inherited(name)) - set(r["prohibited"]))
        out.append("    RoleDef {")
        out.append('        name: "%s",' % name)
        out.append("        module: Module::%s," % r["module"])
        out.append("        is_abstract: %s," % ("true" if r["abstract"] else "false"))
        out.append("        superclasses: %s," % strs(ancestors(name)))
        out.append("        required: %s," % strs(inherited_list(name, "required")))
        out.append("        required_if_focusable: %s," % strs(r["required_if_focusable"]))
        out.append("        supported: %s," % strs(supported))
        out.append("        prohibited: %s," % strs(sorted(r["prohibited"])))
        out.append("        implicit: %s," % strs(inherited_list(name, "implicit")))
        out.append("        name_required: %s," % ("true" if r["name_required"] else "false"))
        out.append(
            "        name_from_contents: %s," % ("true" if r["name_from_contents"] else "false")
        )
        out.append("    },")
    out.append("];")
    out.append("")
    out.append("/// Every state and property of WAI-ARIA 1.2, and those the WAI-ARIA 1.3 draft adds,")
    out.append("/// sorted by name.")
    out.append("pub static ATTRIBUTES: &[AttributeDef] = &[")
    for name in sorted(attrs):
        a = attrs[name]
        values = a["values"] if a["type"] in ("token", "token_list") else []
        out.append("    AttributeDef {")
        out.append('        name: "%s",' % name)
        out.append("        value: ValueType::%s," % kinds[a["type"]])
        out.append("        tokens: %s," % strs(values))
        out.append("        global: %s," % ("true" if a["global"] else "false"))
        out.append("        deprecated: %s," % ("true" if a["deprecated"] else "false"))
        out.append("        draft: %s," % ("true" if a.get("draft") else "false"))
        out.append("    },")
    out.append("];")
    print("\n".join(out))


if __name__ == "__main__":
    main()
