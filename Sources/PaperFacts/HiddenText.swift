/// Why extracted text is not seen by a reader.
public enum HiddenTextReason: String, Codable, Equatable, Sendable, CaseIterable {
    /// Drawn in white on white.
    case white
    /// Drawn in the colour of what lies under it (not white).
    case sameColour
    /// Smaller than a reader can read (decided by its font size).
    case tiny
    /// Not drawn at all where it stands: invisible render mode (3 Tr), or clipped away inside the
    /// page's drawn extent (poppler does not tell the two apart there).
    case invisible
    /// Mostly outside the page's crop box.
    case offPage
    /// Outside the page's drawn (clip-aware) extent: clipped away.
    case clipped
    /// Under an image drawn over it.
    case covered
}

/// One word that text extraction reads but a reader cannot see, and why.
public struct HiddenText: Codable, Equatable, Sendable {
    /// The word's text.
    public var text: String
    /// Its box, in points with a top-left origin.
    public var box: Box
    /// Why it is not seen.
    public var reason: HiddenTextReason
    /// Its font size in points.
    public var fontSize: Double
    /// Its position among the page's words in reading order, so that runs of hidden words can be joined.
    public var wordIndex: Int

    /// Makes the facts of one hidden word.
    public init(text: String, box: Box, reason: HiddenTextReason, fontSize: Double, wordIndex: Int) {
        self.text = text
        self.box = box
        self.reason = reason
        self.fontSize = fontSize
        self.wordIndex = wordIndex
    }
}
