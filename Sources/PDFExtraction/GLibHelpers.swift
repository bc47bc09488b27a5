internal import CPoppler

/// Takes ownership of a `gchar *` returned by glib or poppler: copies it into a String and frees it.
func takeGString(_ pointer: UnsafeMutablePointer<gchar>?) -> String? {
    guard let pointer else { return nil }
    defer { g_free(pointer) }
    return String(cString: pointer)
}

/// Reads a borrowed `const char *` (owned by the callee) into a String.
func borrowCString(_ pointer: UnsafePointer<CChar>?) -> String? {
    pointer.map { String(cString: $0) }
}

/// The message and code of a GError, which is then freed: the one place GError becomes Swift.
struct GLibError {
    let domain: GQuark
    let code: Int32
    let message: String

    init(taking error: UnsafeMutablePointer<GError>) {
        domain = error.pointee.domain
        code = error.pointee.code
        message = borrowCString(error.pointee.message) ?? "unknown error"
        g_error_free(error)
    }

    var isPopplerEncrypted: Bool {
        domain == poppler_error_quark() && code == Int32(POPPLER_ERROR_ENCRYPTED.rawValue)
    }
}

/// Walks a GList, handing each element's data pointer to `body`.
func forEachGListItem(_ list: UnsafeMutablePointer<GList>?, _ body: (UnsafeMutableRawPointer) -> Void) {
    var node = list
    while let current = node {
        if let data = current.pointee.data { body(data) }
        node = current.pointee.next
    }
}
