"""The pipeline: named stages, each a plain function over the typed records of ``model``.

    read -> clean -> date -> sentences -> mentions -> actors -> events / quotes / tracks -> dedupe -> store

Stage functions (each module owns one job):

    peacewatch.ingest.read_inputs(inputs, options)        -> Iterator[RawDocument | InputFailure]
    peacewatch.clean.clean_document(doc, options)         -> Article          (no date yet)
    peacewatch.clean.dates.resolve_date(article, options) -> DateResolution   (sets nothing)
    peacewatch.clean.sentences.split_sentences(text, body_start) -> list[Sentence]
    peacewatch.actors.find_actors(article, sentences, dictionaries) -> list[ActorRef]
    peacewatch.events.code_article(article, sentences, actors, resources) -> list[Event]
    peacewatch.quotes.extract_quotes(article, sentences, actors, resources) -> list[Quote]
    peacewatch.tracks.assign_tracks(coded, resources)      (adds track names in place)
    peacewatch.dedup / peacewatch.store                     (exact + near-duplicate, SQLite)
"""
