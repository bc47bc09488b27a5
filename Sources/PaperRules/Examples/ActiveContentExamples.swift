import PaperFacts

extension ActiveContentCheck {
    /// The ICML 2016 rule: every kind a warning.
    static let icml: JSONValue = [:]

    /// One page with these objects.
    static func paper(_ objects: DocumentObjects) -> DocumentFacts {
        DocumentFacts(path: "test.pdf", metadata: DocumentMetadata(), pages: [ExampleFacts.twoColumnPage(1)], fonts: [], objects: objects)
    }

    /// What an open action does, as the byte scan reads it.
    static func opening(_ action: ActionFacts) -> DocumentObjects {
        DocumentObjects(fileScan: FileScanFacts(nameCounts: ["OpenAction": 1], openActions: [action]))
    }

    /// A plain file with web links and a jump, then one example per kind of active content.
    public static let examples: [CheckExample] = [
        CheckExample("web links and an open action that shows page 1", parameters: icml,
                     facts: paper(DocumentObjects(links: [LinkFacts(page: 1, box: Box(x0: 60, y0: 300, x1: 120, y1: 310),
                                                                    action: ActionFacts(kind: .uri, target: "https://example.org"))],
                                                  fileScan: FileScanFacts(nameCounts: ["OpenAction": 1, "URI": 1])))),
        CheckExample("JavaScript run when the file opens", parameters: icml,
                     facts: paper(opening(ActionFacts(kind: .javaScript, target: "app.alert('hello');"))), expected: ["main"]),
        CheckExample("a link on page 2 that launches calc.exe", parameters: icml,
                     facts: paper(DocumentObjects(links: [LinkFacts(page: 2, box: Box(x0: 100, y0: 280, x1: 200, y1: 292),
                                                                    action: ActionFacts(kind: .launch, target: "calc.exe"))])),
                     expected: ["launch"]),
        CheckExample("a SubmitForm action (seen by the byte scan)", parameters: icml,
                     facts: paper(DocumentObjects(fileScan: FileScanFacts(nameCounts: ["SubmitForm": 1]))), expected: ["submitForm"]),
        CheckExample("an ImportData action, made an error by the rule", parameters: ["errors": ["importData"]],
                     facts: paper(DocumentObjects(fileScan: FileScanFacts(nameCounts: ["ImportData": 1]))), expected: ["importData"]),
        CheckExample("opening the file fetches a URI", parameters: icml,
                     facts: paper(opening(ActionFacts(kind: .uri, target: "https://tracker.example.com/opened"))), expected: ["openURI"]),
        CheckExample("opening the file opens another PDF", parameters: icml,
                     facts: paper(opening(ActionFacts(kind: .goToRemote, target: "\\\\server\\share\\other.pdf"))), expected: ["openRemote"]),
        CheckExample("an XFA form", parameters: icml,
                     facts: paper(DocumentObjects(fileScan: FileScanFacts(nameCounts: ["XFA": 1]))), expected: ["xfa"]),
        CheckExample("an embedded setup.exe with an MZ header", parameters: icml,
                     facts: paper(DocumentObjects(attachments: [AttachmentFacts(name: "setup.exe", size: 103,
                                                                                executableEvidence: "MZ header: a Windows program")])),
                     expected: ["executable"]),
    ]
}
