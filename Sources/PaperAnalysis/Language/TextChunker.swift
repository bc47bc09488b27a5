import Foundation

/// Cuts a text into paragraph-sized chunks that are scored one by one, so a
/// document mixing languages gets a share per language, and long documents
/// are only sampled (the identifier has a fixed time budget).
enum TextChunker {
    /// A paragraph break ends a chunk once it holds this many scalars; shorter
    /// paragraphs (headings, captions) are joined with their neighbours.
    static let minimumChunkLength = 200
    /// Without a paragraph break, a chunk ends at the next space after this.
    static let maximumChunkLength = 700
    /// Hard cut for text without spaces (Chinese, Japanese).
    static let hardChunkLength = 800
    /// At most this many chunks are analysed; longer texts are sampled evenly.
    static let maximumAnalysedChunks = 24

    static func chunkRanges(of scalars: [Unicode.Scalar]) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var start = 0
        var newlinesInRun = 0
        for position in scalars.indices {
            let value = scalars[position].value
            var paragraphBreak = false
            switch value {
            case 0x0A:
                newlinesInRun += 1
                paragraphBreak = newlinesInRun >= 2
            case 0x0C, 0x2029:  // form feed (page break), paragraph separator
                paragraphBreak = true
            case 0x20, 0x09, 0x0D:
                break
            default:
                newlinesInRun = 0
            }
            let length = position + 1 - start
            let isSpace = value == 0x20 || value == 0x0A || value == 0x09 || value == 0x3002
            if (paragraphBreak && length >= minimumChunkLength)
                || (isSpace && length >= maximumChunkLength)
                || length >= hardChunkLength {
                ranges.append(start..<(position + 1))
                start = position + 1
            }
        }
        if start < scalars.count {
            // A short tail belongs to the chunk before it.
            if let last = ranges.last, scalars.count - start < minimumChunkLength {
                ranges[ranges.count - 1] = last.lowerBound..<scalars.count
            } else {
                ranges.append(start..<scalars.count)
            }
        }
        return ranges
    }

    /// Evenly spaced chunks when there are more than the budget allows.
    static func sample(_ ranges: [Range<Int>], limit: Int = maximumAnalysedChunks) -> [Range<Int>] {
        guard ranges.count > limit, limit > 0 else { return ranges }
        return (0..<limit).map { ranges[$0 * ranges.count / limit] }
    }
}
