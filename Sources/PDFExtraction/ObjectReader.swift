internal import CPoppler
import Foundation
import PaperFacts

/// Reads the objects of a document that can leak identity or run code, as far as poppler-glib
/// exposes them: XMP, attachments, the outline, links, annotations, form widgets, JavaScript.
/// Every list is capped at `DocumentObjects.maxItems` and every string at `maxStringLength`.
enum ObjectReader {
    static func read(_ document: PopplerDocumentHandle) -> DocumentObjects {
        var objects = DocumentObjects()
        let limit = DocumentObjects.maxItems
        if let packet = takeGString(poppler_document_get_metadata(document.pointer)) {
            objects.xmp = XMPPacket.entries(of: packet)
        }
        objects.hasJavaScript = poppler_document_has_javascript(document.pointer) != 0
        if poppler_document_has_attachments(document.pointer) != 0 {
            let list = poppler_document_get_attachments(document.pointer)
            forEachGListItem(list) { raw in
                let attachment = raw.assumingMemoryBound(to: PopplerAttachment.self)
                if objects.attachments.count < limit {
                    objects.attachments.append(facts(of: attachment, page: nil))
                } else {
                    objects.isTruncated = true
                }
                g_object_unref(raw)
            }
            g_list_free(list)
        }
        readOutline(document, into: &objects)
        for index in 0..<document.pageCount {
            guard let page = document.page(at: index) else { continue }
            readPage(page, number: index + 1, into: &objects)
        }
        return objects
    }

    // MARK: outline

    private static func readOutline(_ document: PopplerDocumentHandle, into objects: inout DocumentObjects) {
        guard let root = poppler_index_iter_new(document.pointer) else { return }
        // Depth-first with an explicit stack; each iterator is freed once its level is done.
        var stack: [(iter: OpaquePointer, depth: Int)] = [(root, 0)]
        while let (iter, depth) = stack.last {
            if objects.outline.count >= DocumentObjects.maxItems {
                objects.isTruncated = true
                break
            }
            if let action = poppler_index_iter_get_action(iter) {
                let title = borrowCString(action.pointee.any.title).map(clean) ?? ""
                objects.outline.append(OutlineEntry(title: title, depth: depth, action: facts(of: action)))
                poppler_action_free(action)
            }
            let child = depth < 16 ? poppler_index_iter_get_child(iter) : nil
            if poppler_index_iter_next(iter) == 0 {
                stack.removeLast()
                poppler_index_iter_free(iter)
            }
            if let child { stack.append((child, depth + 1)) }
        }
        for (iter, _) in stack { poppler_index_iter_free(iter) }
    }

    // MARK: pages

    private static func readPage(_ page: PopplerPageHandle, number: Int, into objects: inout DocumentObjects) {
        let (_, height) = PDFNumber.pageSize(page.pointer)
        // Link and annotation areas are in PDF space (origin bottom left); facts use a top-left origin.
        func box(_ area: PopplerRectangle) -> Box {
            PDFNumber.box(x1: min(area.x1, area.x2), y1: height - max(area.y1, area.y2),
                          x2: max(area.x1, area.x2), y2: height - min(area.y1, area.y2))
        }
        if let list = poppler_page_get_link_mapping(page.pointer) {
            forEachGListItem(list) { raw in
                let mapping = raw.assumingMemoryBound(to: PopplerLinkMapping.self).pointee
                guard let action = mapping.action, let facts = facts(of: action) else { return }
                // Jumps inside the document are most links of a paper and tell nothing here.
                guard facts.kind != .goTo else { return }
                if objects.links.count < DocumentObjects.maxItems {
                    objects.links.append(LinkFacts(page: number, box: box(mapping.area), action: facts))
                } else {
                    objects.isTruncated = true
                }
            }
            poppler_page_free_link_mapping(list)
        }
        if let list = poppler_page_get_annot_mapping(page.pointer) {
            forEachGListItem(list) { raw in
                let mapping = raw.assumingMemoryBound(to: PopplerAnnotMapping.self).pointee
                guard let annot = mapping.annot else { return }
                let type = poppler_annot_get_annot_type(annot)
                if type == POPPLER_ANNOT_LINK { return }
                if type == POPPLER_ANNOT_WIDGET { objects.formFieldCount += 1 }
                guard objects.annotations.count < DocumentObjects.maxItems else {
                    objects.isTruncated = true
                    return
                }
                let author = isMarkup(type) ? takeGString(poppler_annot_markup_get_label(annot)).map(clean) : nil
                let contents = takeGString(poppler_annot_get_contents(annot)).map(clean)
                objects.annotations.append(AnnotationFacts(page: number, box: box(mapping.area), type: name(of: type),
                                                           author: author?.isEmpty == true ? nil : author,
                                                           contents: contents?.isEmpty == true ? nil : contents))
                if type == POPPLER_ANNOT_FILE_ATTACHMENT,
                   let attachment = poppler_annot_file_attachment_get_attachment(annot) {
                    if objects.attachments.count < DocumentObjects.maxItems {
                        objects.attachments.append(facts(of: attachment, page: number))
                    }
                    g_object_unref(attachment)
                }
            }
            poppler_page_free_annot_mapping(list)
        }
    }

    /// Markup annotations carry an author label (`/T`); links, widgets, pop-ups and the like do not.
    private static func isMarkup(_ type: PopplerAnnotType) -> Bool {
        ![POPPLER_ANNOT_UNKNOWN, POPPLER_ANNOT_LINK, POPPLER_ANNOT_POPUP, POPPLER_ANNOT_WIDGET, POPPLER_ANNOT_MOVIE,
          POPPLER_ANNOT_SCREEN, POPPLER_ANNOT_PRINTER_MARK, POPPLER_ANNOT_TRAP_NET, POPPLER_ANNOT_WATERMARK,
          POPPLER_ANNOT_3D].contains(type)
    }

    private static func name(of type: PopplerAnnotType) -> String {
        switch type {
        case POPPLER_ANNOT_TEXT: "text"
        case POPPLER_ANNOT_FREE_TEXT: "freeText"
        case POPPLER_ANNOT_LINE: "line"
        case POPPLER_ANNOT_SQUARE: "square"
        case POPPLER_ANNOT_CIRCLE: "circle"
        case POPPLER_ANNOT_POLYGON: "polygon"
        case POPPLER_ANNOT_POLY_LINE: "polyLine"
        case POPPLER_ANNOT_HIGHLIGHT: "highlight"
        case POPPLER_ANNOT_UNDERLINE: "underline"
        case POPPLER_ANNOT_SQUIGGLY: "squiggly"
        case POPPLER_ANNOT_STRIKE_OUT: "strikeOut"
        case POPPLER_ANNOT_STAMP: "stamp"
        case POPPLER_ANNOT_CARET: "caret"
        case POPPLER_ANNOT_INK: "ink"
        case POPPLER_ANNOT_POPUP: "popup"
        case POPPLER_ANNOT_FILE_ATTACHMENT: "fileAttachment"
        case POPPLER_ANNOT_SOUND: "sound"
        case POPPLER_ANNOT_MOVIE: "movie"
        case POPPLER_ANNOT_WIDGET: "widget"
        case POPPLER_ANNOT_SCREEN: "screen"
        case POPPLER_ANNOT_PRINTER_MARK: "printerMark"
        case POPPLER_ANNOT_TRAP_NET: "trapNet"
        case POPPLER_ANNOT_WATERMARK: "watermark"
        case POPPLER_ANNOT_3D: "3D"
        default: "unknown"
        }
    }

    // MARK: actions

    static func facts(of action: UnsafeMutablePointer<PopplerAction>) -> ActionFacts? {
        let value = action.pointee
        switch value.type {
        case POPPLER_ACTION_NONE: return nil
        case POPPLER_ACTION_GOTO_DEST: return ActionFacts(kind: .goTo)
        case POPPLER_ACTION_GOTO_REMOTE:
            return ActionFacts(kind: .goToRemote, target: borrowCString(value.goto_remote.file_name).map(clean))
        case POPPLER_ACTION_LAUNCH:
            let file = borrowCString(value.launch.file_name) ?? ""
            let parameters = borrowCString(value.launch.params).map { " " + $0 } ?? ""
            return ActionFacts(kind: .launch, target: clean(file + parameters))
        case POPPLER_ACTION_URI: return ActionFacts(kind: .uri, target: borrowCString(value.uri.uri).map(clean))
        case POPPLER_ACTION_NAMED: return ActionFacts(kind: .named, target: borrowCString(value.named.named_dest).map(clean))
        case POPPLER_ACTION_JAVASCRIPT:
            return ActionFacts(kind: .javaScript, target: borrowCString(value.javascript.script).map(clean))
        case POPPLER_ACTION_RESET_FORM: return ActionFacts(kind: .resetForm)
        // poppler-glib has no type for SubmitForm or ImportData: the byte scan names those.
        default: return ActionFacts(kind: .other)
        }
    }

    // MARK: attachments

    private static func facts(of attachment: UnsafeMutablePointer<PopplerAttachment>, page: Int?) -> AttachmentFacts {
        let name = borrowCString(attachment.pointee.name).map(clean) ?? ""
        let description = borrowCString(attachment.pointee.description).map(clean)
        let size = Int(clamping: attachment.pointee.size)
        let head = leadingBytes(of: attachment, count: 4)
        return AttachmentFacts(name: name, description: description?.isEmpty == true ? nil : description,
                               size: size, executableEvidence: ExecutableSniffer.evidence(name: name, head: head), page: page)
    }

    /// The first bytes of an embedded file: poppler hands them over in chunks, and the first chunk
    /// ends the save, so a huge (or bomb-like) stream is not decoded to the end.
    private static func leadingBytes(of attachment: UnsafeMutablePointer<PopplerAttachment>, count: Int) -> [UInt8] {
        final class Sink { var bytes: [UInt8] = []; let wanted: Int; init(_ wanted: Int) { self.wanted = wanted } }
        let sink = Sink(count)
        let unmanaged = Unmanaged.passRetained(sink)
        defer { unmanaged.release() }
        var error: UnsafeMutablePointer<GError>?
        _ = poppler_attachment_save_to_callback(attachment, { buffer, length, data, _ in
            guard let buffer, let data else { return 0 }
            let sink = Unmanaged<Sink>.fromOpaque(data).takeUnretainedValue()
            let take = min(Int(length), sink.wanted - sink.bytes.count)
            if take > 0 {
                buffer.withMemoryRebound(to: UInt8.self, capacity: take) { sink.bytes += UnsafeBufferPointer(start: $0, count: take) }
            }
            return sink.bytes.count < sink.wanted ? 1 : 0
        }, unmanaged.toOpaque(), &error)
        if let error { g_error_free(error) }
        return sink.bytes
    }

    /// Control characters out, white space folded, cut to the bound.
    static func clean(_ text: String) -> String {
        let folded = text.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : String($0) }.joined()
        return DocumentObjects.bounded(folded.split(whereSeparator: \.isWhitespace).joined(separator: " "))
    }
}

/// Whether a file looks like a program, by its name or its first bytes.
enum ExecutableSniffer {
    static let extensions: Set<String> = ["exe", "bat", "cmd", "js", "jse", "vbs", "vbe", "wsf", "sh", "jar", "app", "scr",
                                          "ps1", "msi", "dll", "pif", "hta", "command", "lnk"]

    static func evidence(name: String, head: [UInt8]) -> String? {
        if head.starts(with: [0x4D, 0x5A]) { return "MZ header: a Windows program" }
        if head.starts(with: [0x7F, 0x45, 0x4C, 0x46]) { return "ELF header: a Unix program" }
        if head.starts(with: [0x23, 0x21]) { return "#! line: a script" }
        if head.starts(with: [0xCF, 0xFA, 0xED, 0xFE]) || head.starts(with: [0xCE, 0xFA, 0xED, 0xFE])
            || head.starts(with: [0xCA, 0xFE, 0xBA, 0xBE]) { return "Mach-O header: a macOS program" }
        let lower = name.lowercased()
        if let dot = lower.lastIndex(of: "."), extensions.contains(String(lower[lower.index(after: dot)...])) {
            return "." + lower[lower.index(after: dot)...] + " name"
        }
        return nil
    }
}
