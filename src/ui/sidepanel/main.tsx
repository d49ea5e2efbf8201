import { mountChat } from '../components/mount-chat';
import '../components/theme.css';

mountChat('sidepanel', document.getElementById('app')!);
