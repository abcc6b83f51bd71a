import type { CustomerProfile } from "@/lib/customer-profile";
import { formatRelative } from "@/lib/format";
import { Badge } from "@/components/ui/badge";
import { Card, EmptyNote } from "@/components/ui/card";

export function NotesCard({ notes, now }: { notes: CustomerProfile["notes"]; now: Date }) {
  return (
    <Card title="Notes" id="notes">
      {notes.length === 0 ? (
        <EmptyNote>No notes yet.</EmptyNote>
      ) : (
        <ul className="divide-y divide-line">
          {notes.map((n) => (
            <li key={n.id} className="space-y-1 py-3">
              {n.pinned ? <Badge tone="accent">Pinned</Badge> : null}
              <p className="whitespace-pre-line">{n.body}</p>
              <p className="text-sm text-muted">
                {n.authorName} · {n.storeName} · {formatRelative(n.createdAt, now)}
              </p>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
