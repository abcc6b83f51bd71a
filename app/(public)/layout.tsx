import { CustomerPageStyle } from "./customer-page-style";

/**
 * A customer opens her page from a link, often on a phone on a slow network:
 * its styles come inside the HTML, so it paints one round trip after the
 * HTML, with no stylesheet to fetch first.
 */
export default function PublicLayout({ children }: { children: React.ReactNode }) {
  return (
    <>
      <CustomerPageStyle />
      {children}
    </>
  );
}
