import PaperFacts

extension KnownAuthorsCheck {
    /// No parameters.
    static let icml: JSONValue = [:]

    /// The submission's authors as the export gives them.
    static let authors = KnownAuthors(row: "authors.csv row 2 (paper 17)", names: ["Nir Ben Zrihem", "Smith, Jane"],
                                      emails: ["bentzinir@gmail.com"], file: "authors.csv")

    /// A two-page paper with `body` lines on page 1 and `references` under a References heading on page 2.
    static func paper(body: [String] = [], references: [String] = [], author: String? = nil) -> DocumentFacts {
        IdentityInTextCheck.paper(body: body, references: references).withAuthor(author)
    }

    /// Without authors; third-person citations and the references; then names, an e-mail, metadata, no row.
    public static let examples: [CheckExample] = [
        CheckExample("no --authors given", parameters: icml, facts: paper(body: ["Nir Ben Zrihem wrote this"])),
        CheckExample("the authors cited in the third person and in the references", parameters: icml,
                     facts: paper(body: ["as Ben Zrihem et al. (2015) and (Smith, 2014) showed"],
                                  references: ["Ben Zrihem, N. and Smith, J. Deep things. 2015."]),
                     knownAuthors: authors),
        CheckExample("\"N. Ben Zrihem\" in the text", parameters: icml,
                     facts: paper(body: ["thanks to N. Ben Zrihem for the code"]), expected: ["main"], knownAuthors: authors),
        CheckExample("\"Jane Smíth\" split over two lines", parameters: icml,
                     facts: paper(body: ["we asked Jane", "Smíth about it"]), expected: ["main"], knownAuthors: authors),
        CheckExample("the e-mail address in capitals", parameters: icml,
                     facts: paper(body: ["BENTZINIR@GMAIL.COM"]), expected: ["email"], knownAuthors: authors),
        CheckExample("the PDF's Author field names an author", parameters: icml,
                     facts: paper(author: "Jane Smith"), expected: ["main"], knownAuthors: authors),
        CheckExample("the XMP dc:creator names an author", parameters: icml,
                     facts: paper().withObjects(DocumentObjects(xmp: [XMPEntry(property: "dc:creator", value: "Jane Smith")])),
                     expected: ["main"], knownAuthors: authors),
        CheckExample("no row of the authors file names this file", parameters: icml, facts: paper(),
                     expected: ["unmatched"], knownAuthors: .unmatched(file: "authors.csv")),
    ]
}

extension DocumentFacts {
    /// The same document with these objects (XMP, attachments, links).
    func withObjects(_ objects: DocumentObjects) -> DocumentFacts {
        var facts = self
        facts.objects = objects
        return facts
    }

    /// The same document with `author` as its /Author.
    func withAuthor(_ author: String?) -> DocumentFacts {
        var facts = self
        facts.metadata.author = author
        return facts
    }
}
