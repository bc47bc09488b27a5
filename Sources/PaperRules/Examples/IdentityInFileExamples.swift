import PaperFacts

extension IdentityInFileCheck {
    /// The ICML 2016 submission's rule, with its defaults.
    static let icml: JSONValue = [:]

    /// One page with these metadata and objects.
    static func paper(_ metadata: DocumentMetadata = DocumentMetadata(author: "Anonymous Submission"),
                      _ objects: DocumentObjects = DocumentObjects()) -> DocumentFacts {
        DocumentFacts(path: "test.pdf", metadata: metadata, pages: [ExampleFacts.twoColumnPage(1)], fonts: [], objects: objects)
    }

    /// A clean anonymous file, then one example per kind of leak.
    public static let examples: [CheckExample] = [
        CheckExample("anonymous metadata, a clean title, pdfTeX, an anonymous XMP author", parameters: icml,
                     facts: paper(DocumentMetadata(title: "Calibrated Curriculum Sampling", author: "Anonymous Submission",
                                                   creator: "LaTeX with hyperref", producer: "pdfTeX-1.40.24"),
                                  DocumentObjects(xmp: [XMPEntry(property: "dc:creator", value: "Anonymous Submission")],
                                                  outline: [OutlineEntry(title: "1 Introduction")],
                                                  links: [LinkFacts(page: 1, box: Box(x0: 60, y0: 300, x1: 120, y1: 310),
                                                                    action: ActionFacts(kind: .uri, target: "https://github.com/anonymous/code"))]))),
        CheckExample("the same name in /Author and XMP pdf:Author (the metadata rule reports it)", parameters: icml,
                     facts: paper(DocumentMetadata(author: "Jane Smith"), DocumentObjects(xmp: [XMPEntry(property: "pdf:Author", value: "Jane Smith")]))),
        CheckExample("build-machine path in Producer (/home/runner/)", parameters: icml,
                     facts: paper(DocumentMetadata(author: "", producer: "pdfTeX, /home/runner/work/paper.tex"))),
        CheckExample("XMP dc:creator \"Jane Smith\"", parameters: icml,
                     facts: paper(DocumentMetadata(author: ""), DocumentObjects(xmp: [XMPEntry(property: "dc:creator", value: "Jane Smith")])),
                     expected: ["main"]),
        CheckExample("/Title \"Microsoft Word - smith_icml.docx\"", parameters: icml,
                     facts: paper(DocumentMetadata(title: "Microsoft Word - smith_icml.docx", author: "")), expected: ["fileNameTitle"]),
        CheckExample("/Creator with C:\\Users\\jsmith\\", parameters: icml,
                     facts: paper(DocumentMetadata(author: "", creator: "C:\\Users\\jsmith\\AppData\\Local\\writer.exe")),
                     expected: ["userPath"]),
        CheckExample("an embedded file smith_results.csv", parameters: icml,
                     facts: paper(DocumentMetadata(author: ""), DocumentObjects(attachments: [AttachmentFacts(name: "smith_results.csv", size: 22)])),
                     expected: ["attachment"]),
        CheckExample("a bookmark with an e-mail address", parameters: icml,
                     facts: paper(DocumentMetadata(author: ""), DocumentObjects(outline: [OutlineEntry(title: "Contact: jane@example.edu")])),
                     expected: ["bookmark"]),
        CheckExample("a mailto: link on page 1", parameters: icml,
                     facts: paper(DocumentMetadata(author: ""),
                                  DocumentObjects(links: [LinkFacts(page: 1, box: Box(x0: 100, y0: 180, x1: 220, y1: 192),
                                                                    action: ActionFacts(kind: .uri, target: "mailto:jane@example.edu"))])),
                     expected: ["mailto"]),
        CheckExample("a note on page 1 signed \"Jane Smith\"", parameters: icml,
                     facts: paper(DocumentMetadata(author: ""),
                                  DocumentObjects(annotations: [AnnotationFacts(page: 1, box: Box(x0: 560, y0: 72, x1: 580, y1: 92),
                                                                                type: "text", author: "Jane Smith", contents: "fix this")])),
                     expected: ["annotationAuthor"]),
    ]
}
