// The two passes of a load. Both read the timeline file front to back with `TimelineDecoder`;
// they differ in when source texts are read and quotes are found in them.

/// What the decoder has read so far: the entries of the four sections, and each source's text
/// prepared for locating quotes.
struct DecodedEntries {
    var sources: [Source] = []
    var people: [Person] = []
    var measures: [Measure] = []
    var events: [Event] = []
    var sourceTexts: [String: SourceText] = [:]
}

/// When one pass of the decoder reads source texts and finds quotes in them.
protocol DecodeStrategy {
    /// Called once the sources section is read, with each source's file.
    mutating func sourcesRead(_ paths: [String], from files: TimelineFiles)
    /// The text of a source file as its entry is read: "" for a pass that reads texts later.
    func textOnReading(_ path: String, from files: TimelineFiles) -> Result<String, Problem>
    /// Where a quote is, as it is read; nil for a pass that finds quotes later.
    func locationOnReading(of quote: Quote, in source: SourceText) -> QuoteSearch?
    /// Once the whole file is read without a problem: does what the pass left for later
    /// (reading the texts, finding the quotes). False at the first thing wrong: the pass cannot
    /// say what, and the exact pass is run to say it.
    mutating func complete(_ entries: inout DecodedEntries, progress: (@Sendable (LoadProgress) -> Void)?) -> Bool
}

/// The first pass, fast when the file is right: source texts are read on another thread while
/// the decoder goes on, and every quote is found once everything is read, the events' quotes
/// on all cores. Problems with texts and quotes are not placed; the exact pass does that.
struct QuickPass: DecodeStrategy {
    /// The source texts, being read on another thread meanwhile.
    private var reading: SourceReading?

    mutating func sourcesRead(_ paths: [String], from files: TimelineFiles) {
        reading = SourceReading(paths, from: files)
    }

    func textOnReading(_ path: String, from files: TimelineFiles) -> Result<String, Problem> { .success("") }

    func locationOnReading(of quote: Quote, in source: SourceText) -> QuoteSearch? { nil }

    /// Takes every source's text from the reading thread and finds every quote in it, filling in the offsets.
    mutating func complete(_ entries: inout DecodedEntries, progress: (@Sendable (LoadProgress) -> Void)?) -> Bool {
        let sourceCount = entries.sources.count
        progress?(LoadProgress(.checking, done: 0, total: sourceCount, events: entries.events.count))
        let read = reading?.texts() ?? []
        reading = nil
        guard read.count == sourceCount else { return false }
        for s in entries.sources.indices {
            guard let text = read[s] else { return false }
            entries.sources[s].text = text
            let source = entries.sources[s]
            entries.sourceTexts[source.id] = SourceText(id: source.id, text: text, publication: source.published.date)
        }
        progress?(LoadProgress(.checking, done: sourceCount, total: sourceCount, events: entries.events.count))
        let texts = entries.sourceTexts
        @Sendable func locate(_ quote: inout Quote) -> Bool {
            guard let source = texts[quote.source], case .found(let start, let end) = findQuote(quote, in: source) else { return false }
            (quote.start, quote.end) = (start, end)
            return true
        }
        return entries.people.allSucceed { person in person.roles.allSucceed { locate(&$0.quote) } }
            && entries.measures.allSucceed { measure in
                measure.quotes.allSucceed { locate(&$0) } && measure.changes.allSucceed { locate(&$0.quote) }
            }
            && entries.events.inParallel { event in
                guard event.quotes.allSucceed({ locate(&$0) }) else { return false }
                guard var derivation = event.date.derivation else { return true }
                guard locate(&derivation.quote) else { return false }
                event.date.derivation = derivation
                return true
            }
    }
}

/// The second pass, run only on a file with a problem: each source text is read with its entry
/// and each quote is found where it stands, so that every problem is reported at its place.
struct ExactPass: DecodeStrategy {
    func sourcesRead(_ paths: [String], from files: TimelineFiles) {}

    func textOnReading(_ path: String, from files: TimelineFiles) -> Result<String, Problem> { files.sourceText(path) }

    func locationOnReading(of quote: Quote, in source: SourceText) -> QuoteSearch? { findQuote(quote, in: source) }

    func complete(_ entries: inout DecodedEntries, progress: (@Sendable (LoadProgress) -> Void)?) -> Bool { true }
}
