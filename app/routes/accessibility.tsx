import type { MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Accessibility statement – VRN Schools Forum" }];

export default function AccessibilityStatement() {
  return (
    <article className="max-w-3xl space-y-4">
      <h1>Accessibility statement</h1>
      <p>This statement applies to the VRN Schools Forum service, used by school staff, the Violence Reduction Network team and pupils answering surveys.</p>
      <p>We want as many people as possible to be able to use this service. You should be able to:</p>
      <ul className="list-disc space-y-1 pl-8">
        <li>change colours, contrast levels and fonts using your browser or device settings</li>
        <li>zoom in up to 400% without the text spilling off the screen</li>
        <li>navigate the whole service using just a keyboard</li>
        <li>use the service without JavaScript</li>
        <li>listen to the service using a screen reader, such as NVDA, JAWS or VoiceOver</li>
        <li>use the service on a phone, tablet or classroom computer</li>
      </ul>
      <h2 className="pt-4">How accessible this service is</h2>
      <p>
        The service is designed to meet the Web Content Accessibility Guidelines (WCAG) version 2.2 at level AA. Every page is checked with automated
        accessibility tests each time the service changes, and forms follow the GOV.UK Design System patterns. Charts always come with a table of the same
        figures.
      </p>
      <p>We know of no parts of the service that fail to meet the standard. If you find one, please tell us.</p>
      <h2 className="pt-4">Reporting accessibility problems</h2>
      <p>
        If you find a problem, or need information in a different format, contact the VRN schools lead through your school&apos;s usual VRN contact. We aim to
        reply within 5 working days.
      </p>
      <h2 className="pt-4">Enforcement procedure</h2>
      <p>
        The Equality and Human Rights Commission (EHRC) is responsible for enforcing the Public Sector Bodies (Websites and Mobile Applications) (No. 2)
        Accessibility Regulations 2018. If you are not happy with how we respond to your complaint, contact the Equality Advisory and Support Service (EASS).
      </p>
      <h2 className="pt-4">Preparation of this statement</h2>
      <p>This statement was prepared on 21 November 2026. It will be reviewed whenever the service changes substantially.</p>
    </article>
  );
}
