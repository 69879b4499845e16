"""Orchestration above the stages: indexing runs the indexer's stages, then the citation graph,
then publishes the generation (``pipeline.index``)."""
