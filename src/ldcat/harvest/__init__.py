"""Harvesting records from where they live, into JSON Lines that every ldcat command reads.

`http` is the polite HTTP client they share (a rate limit, retries with backoff that honour
``Retry-After``, nothing but GET); `harmony` harvests Harmony Data Discovery's API, resumably.
"""
