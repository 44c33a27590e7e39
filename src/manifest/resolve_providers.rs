//! `oidc_providers` and `saml_providers` → the account's desired identity providers.

use std::collections::BTreeMap;

use crate::diagnostic::{Diagnostic, Span};
use crate::model::{
    EntityKind, EntityMeta, EntityRef, OidcProvider, SamlProvider, oidc_provider_name,
};

use super::located::Located;
use super::resolve::{AccountContext, merged_tags};

/// Most audiences and thumbprints one OIDC provider takes
/// (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateOpenIDConnectProvider.html).
const MAX_CLIENT_IDS: usize = 100;
const MAX_THUMBPRINTS: usize = 5;
/// Shortest SAML metadata IAM accepts
/// (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateSAMLProvider.html).
const MIN_SAML_METADATA: usize = 1000;

/// The OIDC providers of the account, by IAM name (the normalized URL).
pub fn oidc_providers(
    cx: &AccountContext<'_, '_>,
    origins: &mut BTreeMap<EntityRef, Span>,
    sink: &mut Vec<Diagnostic>,
) -> BTreeMap<String, OidcProvider> {
    let mut out = BTreeMap::new();
    for d in cx.account.oidc_providers.values() {
        let spec = d.spec;
        let name = oidc_provider_name(&d.name.value);
        let client_ids = spec.client_ids.as_deref().unwrap_or_default();
        if client_ids.is_empty() {
            sink.push(
                Diagnostic::error(
                    Some(d.name.span.clone()),
                    format!("OIDC provider `{name}` lists no client_ids"),
                )
                .with_help(
                    "list the audiences its tokens carry, e.g. `client_ids: [sts.amazonaws.com]`",
                ),
            );
        }
        check_list(client_ids, MAX_CLIENT_IDS, "client ids", sink);
        for id in client_ids
            .iter()
            .filter(|c| c.value.is_empty() || c.value.len() > 255)
        {
            sink.push(
                Diagnostic::error(Some(id.span.clone()), "a client id is 1 to 255 characters")
                    .with_help("write the audience exactly as the issuer puts it in `aud`"),
            );
        }
        let thumbprints = spec.thumbprints.as_deref().unwrap_or_default();
        check_list(thumbprints, MAX_THUMBPRINTS, "thumbprints", sink);
        for t in thumbprints {
            if t.value.len() != 40 || !t.value.chars().all(|c| c.is_ascii_hexdigit()) {
                sink.push(
                    Diagnostic::error(
                        Some(t.span.clone()),
                        format!("thumbprint `{}` is not 40 hexadecimal digits", t.value),
                    )
                    .with_help("write the SHA-1 fingerprint of the issuer's certificate, or omit thumbprints"),
                );
            }
        }
        origins.insert(
            EntityRef::new(EntityKind::OidcProvider, name.clone()),
            d.name.span.clone(),
        );
        let provider = OidcProvider {
            url: name.clone(),
            client_ids: client_ids.iter().map(|c| c.value.clone()).collect(),
            thumbprints: thumbprints
                .iter()
                .map(|t| t.value.to_ascii_uppercase())
                .collect(),
            tags: merged_tags(
                cx.project,
                spec.tags.as_ref(),
                d.name,
                "OIDC provider",
                sink,
            ),
            meta: EntityMeta::default(),
        };
        out.insert(name, provider);
    }
    out
}

/// The SAML providers of the account, by name.
pub fn saml_providers(
    cx: &AccountContext<'_, '_>,
    origins: &mut BTreeMap<EntityRef, Span>,
    sink: &mut Vec<Diagnostic>,
) -> BTreeMap<String, SamlProvider> {
    let mut out = BTreeMap::new();
    for (name, d) in &cx.account.saml_providers {
        let spec = d.spec;
        let metadata = match &spec.metadata_file {
            None => {
                sink.push(
                    Diagnostic::error(
                        Some(d.name.span.clone()),
                        format!("SAML provider `{name}` has no metadata_file"),
                    )
                    .with_help("save the IdP's SAML metadata XML in the project and name it: `metadata_file: saml/idp.xml`"),
                );
                None
            }
            // Problems reading the file were reported where it is named.
            Some(file) => file.text.as_deref().map(str::to_string),
        };
        if let (Some(text), Some(file)) = (&metadata, &spec.metadata_file)
            && text.trim().chars().count() < MIN_SAML_METADATA
        {
            sink.push(
                Diagnostic::error(
                    Some(file.path.span.clone()),
                    format!(
                        "metadata file `{}` holds {} characters; IAM needs at least {MIN_SAML_METADATA}",
                        file.path.value,
                        text.trim().chars().count()
                    ),
                )
                .with_help("download the full metadata document from the identity provider"),
            );
        }
        origins.insert(
            EntityRef::new(EntityKind::SamlProvider, name.clone()),
            d.name.span.clone(),
        );
        let provider = SamlProvider {
            name: name.clone(),
            metadata,
            tags: merged_tags(
                cx.project,
                spec.tags.as_ref(),
                d.name,
                "SAML provider",
                sink,
            ),
            meta: EntityMeta::default(),
        };
        out.insert(name.clone(), provider);
    }
    out
}

fn check_list(list: &[Located<String>], max: usize, what: &str, sink: &mut Vec<Diagnostic>) {
    if let Some(extra) = list.get(max) {
        sink.push(
            Diagnostic::error(
                Some(extra.span.clone()),
                format!("{} {what}; IAM allows at most {max}", list.len()),
            )
            .with_help(format!("remove {what} beyond the first {max}")),
        );
    }
}
