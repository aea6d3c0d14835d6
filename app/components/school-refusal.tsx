/** Who a school's own staff ask when its record (its status, say) is wrong. */
export const SCHOOL_RECORD_CONTACT = "If your school's record is wrong, contact the VRN schools lead.";

/**
 * Why a school may not start something (schoolActivityRefusal, decision 0029), shown in place of the
 * action. Its own staff (`own`) are also told who keeps the school's record.
 */
export function SchoolRefusal({ refusal, own = true }: { refusal: string; own?: boolean }) {
  return (
    <p className="panel">
      {refusal}
      {own ? ` ${SCHOOL_RECORD_CONTACT}` : null}
    </p>
  );
}
