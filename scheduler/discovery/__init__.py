"""How the public pages present themselves to search engines and link
previews: canonical addresses with their languages, Open Graph and Twitter
cards, schema.org Event data, the sitemap, robots.txt and the web manifest.
The facts are built here; the pages only render them."""
