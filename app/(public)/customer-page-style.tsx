import styles from "./customer-page.inline-css";

/**
 * The customer page's styles inside the HTML (only the classes its files use,
 * about 12 KB, 3 KB compressed). React puts one copy in the head however many
 * times it is rendered (the same `href`), so the public layout and the root
 * not-found page can both render it.
 */
export function CustomerPageStyle() {
  return (
    <style href="customer-page" precedence="default">
      {styles}
    </style>
  );
}
