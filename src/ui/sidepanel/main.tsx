import { mountChat } from '../components/mount-chat';
import '../components/theme.css';

void mountChat('sidepanel', document.getElementById('app')!);
