//! YAML manifests → typed, spanned documents, and their resolution into the model.
