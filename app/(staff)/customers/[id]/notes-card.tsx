import type { CustomerProfile } from "@/lib/customer-profile";
import { formatRelative } from "@/lib/format";
import { Badge } from "@/components/ui/badge";
import { Card, EmptyNote } from "@/components/ui/card";
import { canEditNote } from "@/lib/notes";
import { NoteComposer, NoteEditor } from "./note-forms";

export function NotesCard({ notes, now, customerId, staffId }: { notes: CustomerProfile["notes"]; now: Date; customerId: string; staffId: string }) {
  return (
    <Card title="Notes" id="notes">
      <NoteComposer customerId={customerId} />
      {notes.length === 0 ? (
        <EmptyNote>No notes yet.</EmptyNote>
      ) : (
        <ul className="divide-y divide-line border-t border-line">
          {notes.map((n) => (
            <li key={n.id} className="space-y-1 py-3">
              {n.pinned ? <Badge tone="accent">Pinned</Badge> : null}
              <p className="whitespace-pre-line">{n.body}</p>
              <p className="text-sm text-muted">
                {n.authorName} · {n.storeName} · {formatRelative(n.createdAt, now)}
                {n.updatedAt ? " · edited" : ""}
              </p>
              {canEditNote(n, staffId, now) ? <NoteEditor customerId={customerId} noteId={n.id} body={n.body} pinned={n.pinned} /> : null}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
