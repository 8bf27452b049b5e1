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
    /// Where the texts are read from, to name their files.
    private var files: TimelineFiles?

    mutating func sourcesRead(_ paths: [String], from files: TimelineFiles) {
        reading = SourceReading(paths, from: files)
        self.files = files
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
            let file = files?.displayPath(entries.sources[s].file) ?? entries.sources[s].file
            entries.sourceTexts[entries.sources[s].id] = SourceText(id: entries.sources[s].id, file: file, text: text, publication: entries.sources[s].published.date)
        }
        progress?(LoadProgress(.checking, done: sourceCount, total: sourceCount, events: entries.events.count))
        let texts = entries.sourceTexts
        func locate(_ quote: inout Quote) -> Bool {
            guard let (start, end) = QuickPass.place(of: quote, in: texts) else { return false }
            (quote.start, quote.end) = (start, end)
            return true
        }
        guard entries.people.allSucceed({ person in person.roles.allSucceed { locate(&$0.quote) } }),
              entries.measures.allSucceed({ measure in
                  var changes = Array(measure.changes)
                  defer { measure.changes = TimelineList(changes) }
                  return measure.quotes.allSucceed { locate(&$0) } && changes.allSucceed { locate(&$0.quote) }
              }),
              let parts = QuickPass.locateQuotes(of: entries.events, in: texts)
        else { return false }
        // Written back on this thread, in the order they were found in.
        var e = 0
        for offsets in parts {
            var next = 0
            while next < offsets.count {
                let quoteCount = entries.events[e].quotes.count
                entries.events[e].quotes.withUnsafeMutableBufferPointer { quotes in
                    for q in 0..<quoteCount {
                        quotes[q].start = offsets[next + 2 * q]
                        quotes[q].end = offsets[next + 2 * q + 1]
                    }
                }
                next += 2 * quoteCount
                if var derivation = entries.events[e].date.derivation {
                    (derivation.quote.start, derivation.quote.end) = (offsets[next], offsets[next + 1])
                    entries.events[e].date.derivation = derivation
                    next += 2
                }
                e += 1
            }
        }
        return true
    }

    /// Where a quote is in its source, if it is there once.
    private static func place(of quote: borrowing Quote, in texts: [String: SourceText]) -> (Int, Int)? {
        guard let source = texts[quote.source], case .found(let start, let end) = findQuote(quote, in: source) else { return nil }
        return (start, end)
    }

    /// The offsets (start, end) of every event's quotes and then of its date's phrase, event by
    /// event, found on all cores (most of a timeline's quotes are its events'), one array per
    /// part of the events; nil when a quote is not found once.
    private static func locateQuotes(of events: [Event], in texts: [String: SourceText]) -> [[Int]]? {
        let parts = inParallelParts(count: events.count) { range -> [Int]? in
            // Through pointers, which lend their elements: reading an event or a quote out of an
            // array copies it, retaining every string in it.
            events.withUnsafeBufferPointer { events -> [Int]? in
                var offsets: [Int] = []
                offsets.reserveCapacity(range.count * 4)
                for e in range {
                    let found = events[e].quotes.withUnsafeBufferPointer { quotes -> Bool in
                        guard let first = quotes.baseAddress else { return true }
                        for q in quotes.indices {
                            guard let (start, end) = place(of: first[q], in: texts) else { return false }
                            offsets.append(start)
                            offsets.append(end)
                        }
                        return true
                    }
                    guard found else { return nil }
                    if let derivation = events[e].date.derivation {
                        guard let (start, end) = place(of: derivation.quote, in: texts) else { return nil }
                        offsets.append(start)
                        offsets.append(end)
                    }
                }
                return offsets
            }
        }
        return parts.contains { $0 == nil } ? nil : parts.map { $0! }
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

/// A streamed load's quick pass (`TimelineLoader.stream`): no source text is read and no quote
/// is found, since the texts of a large timeline need not fit in memory beside it. The sink
/// finds the quotes, a source at a time; where it cannot, the exact pass says why.
struct StreamPass: DecodeStrategy {
    func sourcesRead(_ paths: [String], from files: TimelineFiles) {}

    func textOnReading(_ path: String, from files: TimelineFiles) -> Result<String, Problem> { .success("") }

    func locationOnReading(of quote: Quote, in source: SourceText) -> QuoteSearch? { nil }

    func complete(_ entries: inout DecodedEntries, progress: (@Sendable (LoadProgress) -> Void)?) -> Bool { true }
}
