/**
 * Top-level domains for which a bare `name.tld` in prose is taken as a link
 * (`wlsearch.tk`, `example.no/sak`). Only common ones: most two-letter country codes are also
 * file extensions (`run.sh`, `main.rs`, `notes.md`, `setup.py`, `config.in`), and a
 * file name in a message is not a link. A bare domain with another TLD is still found when it
 * starts with `www.` or comes with `http(s)://`.
 */
export const BARE_DOMAIN_TLDS: ReadonlySet<string> = new Set(
  `com net org edu gov mil int info biz name pro mobi app dev io co me tv tk ly to gl fm ai xyz online
   site news blog media live tech page link club store shop
   no se dk fi is fo ax de at ch nl be lu fr es pt it ie uk eu pl cz sk hu ro bg gr ee lv lt si hr ua
   ru by tr il us ca mx br ar cl au nz jp cn hk tw kr sg za`
    .split(/\s+/)
    .filter((t) => t !== ''),
);
